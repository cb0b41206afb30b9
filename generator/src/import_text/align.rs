//! Attaching the page's schema text to a schema inferred from examples.
//!
//! The rendered page lists a body's fields in schema order but shows only some of their names:
//! objects get a header (`target` / `object` / `nullable`), other fields only their
//! `Possible values` and description. The examples list the same fields in the same order, so:
//!
//! 1. headers are matched by name to the example's fields, in order (anchors);
//! 2. between two anchors, the page's entries (a description, a `Possible values` list, or both)
//!    are aligned with the unnamed fields the examples show there, by a small dynamic program:
//!    order is kept, a `Possible values` list only fits a field whose example values it lists,
//!    fields may lack a description, and an object's own description is used only when needed;
//! 3. an entry is attached only when every best alignment puts it in the same place.

use std::path::Path;

use super::infer::{Kind, Node};
use super::parse::{is_type_line, possible_values, Line};
use crate::Warning;

/// A named item: `name`, its type line, and flags.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub name: String,
    pub type_text: String,
    pub nullable: bool,
    pub required: bool,
    /// An object shown with the same description twice: a free-form map
    /// (`additionalProperties`), described by this text.
    pub map_description: Option<String>,
    pub line: usize,
}

impl Header {
    fn is_object(&self) -> bool {
        self.type_text.starts_with("object")
    }
}

/// One meaningful piece of a body's schema text.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    Header(Header),
    Possible { values: Vec<String>, line: usize },
    Text { text: String, line: usize },
}

/// Lines that only structure the rendering.
fn is_noise(line: &str) -> bool {
    matches!(line, "Array [" | "]" | "required" | "nullable" | "deprecated")
        || line.starts_with("Default value:")
        || line.starts_with("Example:")
        || line.starts_with("Possible values:")
}

/// Splits a body's schema lines into tokens.
pub fn tokenize(lines: &[Line<'_>]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some((values, next)) = possible_values(lines, i) {
            tokens.push(Token::Possible { values, line: line.no });
            i = next;
            continue;
        }
        let named =
            !is_noise(line.text) && !is_type_line(line.text) && lines.get(i + 1).is_some_and(|l| is_type_line(l.text));
        if !named {
            if !is_noise(line.text) {
                tokens.push(Token::Text { text: line.text.to_owned(), line: line.no });
            }
            i += 1;
            continue;
        }
        let mut header = Header {
            name: line.text.to_owned(),
            type_text: lines[i + 1].text.to_owned(),
            nullable: false,
            required: false,
            map_description: None,
            line: line.no,
        };
        i += 2;
        while let Some(flag) = lines.get(i).map(|l| l.text) {
            match flag {
                "nullable" => header.nullable = true,
                "required" => header.required = true,
                "deprecated" => {}
                _ => break,
            }
            i += 1;
        }
        if let (true, Some(a), Some(b)) = (header.is_object(), lines.get(i), lines.get(i + 1)) {
            if a.text == b.text && !is_noise(a.text) {
                header.map_description = Some(a.text.to_owned());
                i += 2;
            }
        }
        tokens.push(Token::Header(header));
    }
    tokens
}

/// A field of the inferred schema, in pre-order.
struct Field {
    path: Vec<String>,
    objectlike: bool,
    parent: Option<usize>,
}

fn collect_fields(node: &Node, path: &mut Vec<String>, parent: Option<usize>, out: &mut Vec<Field>) {
    let Some(props) = node.object() else {
        return;
    };
    for (key, child) in props {
        path.push(key.clone());
        let index = out.len();
        out.push(Field {
            path: path.clone(),
            objectlike: child.object().is_some() || child.kind == Kind::Unknown,
            parent,
        });
        collect_fields(child, path, Some(index), out);
        path.pop();
    }
}

fn node_mut<'n>(root: &'n mut Node, path: &[String]) -> Option<&'n mut Node> {
    let mut node = root;
    for key in path {
        node = node.object_mut()?.get_mut(key)?;
    }
    Some(node)
}

/// The node holding an object's properties: itself or the items of its arrays.
fn object_holder(node: &mut Node) -> &mut Node {
    match node.kind {
        Kind::Array(ref mut items) => object_holder(items),
        _ => node,
    }
}

/// Where a page entry can go.
struct Slot {
    path: Vec<String>,
    /// An object's own description: takes no `Possible values`, free to leave empty.
    own: bool,
}

impl Slot {
    fn skip_cost(&self) -> u32 {
        u32::from(!self.own)
    }
}

/// A description, a `Possible values` list, or a list followed by its description.
struct Entry {
    values: Option<Vec<String>>,
    text: Option<String>,
    line: usize,
}

#[derive(Default)]
struct Segment {
    slots: Vec<Slot>,
    tokens: Vec<Token>,
}

/// Annotates `root` with what `tokens` say. `what` names the body in warnings.
pub fn annotate(root: &mut Node, tokens: &[Token], what: &str, file: &Path, warnings: &mut Vec<Warning>) {
    let mut warn = |line: usize, message: String| {
        warnings.push(Warning::new(Some(file), format!("line {line}"), message));
    };
    let mut fields = Vec::new();
    collect_fields(root, &mut Vec::new(), None, &mut fields);

    // 1. Anchor headers to fields by name, in order.
    let mut anchor: Vec<Option<&Header>> = vec![None; fields.len()];
    let mut next = 0;
    for token in tokens {
        let Token::Header(header) = token else {
            continue;
        };
        let found = (next..fields.len())
            .find(|&i| fields[i].path.last() == Some(&header.name) && (!header.is_object() || fields[i].objectlike));
        match found {
            Some(i) => {
                anchor[i] = Some(header);
                next = i + 1;
            }
            None => warn(
                header.line,
                format!(
                    "{what}: `{}` ({}) is described but no example shows it; add it to the \
                     schema by hand",
                    header.name, header.type_text
                ),
            ),
        }
    }

    // 2. Fields the page lists: an unnamed object's fields are not shown separately, nor are
    //    a map's example keys.
    let mut has_anchored_below = vec![false; fields.len()];
    for i in (0..fields.len()).rev() {
        if let Some(p) = fields[i].parent {
            if anchor[i].is_some() || has_anchored_below[i] {
                has_anchored_below[p] = true;
            }
        }
    }
    let mut listed = vec![true; fields.len()];
    for i in 0..fields.len() {
        if let Some(p) = fields[i].parent {
            let is_map = anchor[p].is_some_and(|h| h.map_description.is_some());
            listed[i] = listed[p] && !is_map && (anchor[p].is_some() || has_anchored_below[p]);
        }
    }

    // 3. Segments: the root, then one per anchored field.
    let mut segments = vec![Segment { slots: vec![Slot { path: Vec::new(), own: true }], tokens: Vec::new() }];
    let mut segment_of_header = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        if !listed[i] {
            continue;
        }
        match anchor[i] {
            Some(header) => {
                apply_header(root, &field.path, header);
                let mut segment = Segment::default();
                if header.map_description.is_none() {
                    segment.slots.push(Slot { path: field.path.clone(), own: header.is_object() });
                }
                segment_of_header.push(header.line);
                segments.push(segment);
            }
            None => {
                segments.last_mut().expect("root segment").slots.push(Slot { path: field.path.clone(), own: false })
            }
        }
    }
    let mut current = 0;
    for token in tokens {
        match token {
            Token::Header(h) => {
                if let Some(k) = segment_of_header.iter().position(|&l| l == h.line) {
                    current = k + 1;
                }
            }
            other => segments[current].tokens.push(other.clone()),
        }
    }

    // 4. Align each segment's entries with its slots.
    for segment in &segments {
        let entries = entries(&segment.tokens);
        let placed = align(&entries, &segment.slots, root);
        for (entry, place) in entries.iter().zip(placed) {
            let Some(slot) = place.map(|j| &segment.slots[j]) else {
                let shown = match (&entry.values, &entry.text) {
                    (Some(values), _) => format!("`Possible values: [{}]`", values.join(", ")),
                    (None, Some(text)) => format!("`{}`", shorten(text)),
                    (None, None) => continue,
                };
                warn(entry.line, format!("{what}: could not tell which field {shown} belongs to; add it by hand"));
                continue;
            };
            let Some(node) = node_mut(root, &slot.path) else {
                continue;
            };
            if let Some(text) = &entry.text {
                node.description = Some(text.clone());
            }
            if let Some(values) = &entry.values {
                let scalar = node.scalar_mut();
                if values.iter().any(|v| v == "null") {
                    scalar.nullable = true;
                }
                scalar.enum_values = Some(values.clone());
            }
        }
    }
}

fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// What a named header says about its field.
fn apply_header(root: &mut Node, path: &[String], header: &Header) {
    if header.required {
        if let (Some(parent), Some(name)) = (path.split_last().and_then(|(_, p)| node_mut(root, p)), path.last()) {
            let holder = object_holder(parent);
            if !holder.required.contains(name) {
                holder.required.push(name.clone());
            }
        }
    }
    let Some(node) = node_mut(root, path) else {
        return;
    };
    if header.nullable {
        node.nullable = true;
    }
    if let Some(text) = &header.map_description {
        object_holder(node).map = true;
        node.description = Some(text.clone());
    }
    if header.is_object() && node.kind == Kind::Unknown {
        // Seen only as null: the page says it is an object, its fields are unknown.
        let object = Node { kind: Kind::Object(Default::default()), ..Node::default() };
        node.kind = if header.type_text.ends_with("[]") { Kind::Array(Box::new(object)) } else { object.kind };
    }
}

fn entries(tokens: &[Token]) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    for token in tokens {
        match token {
            Token::Possible { values, line } => {
                out.push(Entry { values: Some(values.clone()), text: None, line: *line })
            }
            Token::Text { text, line } => match out.last_mut() {
                Some(last) if last.values.is_some() && last.text.is_none() => {
                    last.text = Some(text.clone());
                }
                _ => out.push(Entry { values: None, text: Some(text.clone()), line: *line }),
            },
            Token::Header(_) => {}
        }
    }
    out
}

/// Cost of leaving a page entry unattached: worse than any number of fields without text.
const SKIP_ENTRY: u32 = 10_000;

/// For each entry, the slot it goes to when all best alignments agree.
fn align(entries: &[Entry], slots: &[Slot], root: &mut Node) -> Vec<Option<usize>> {
    let (n, m) = (entries.len(), slots.len());
    let fits: Vec<Vec<bool>> = entries
        .iter()
        .map(|e| {
            slots
                .iter()
                .map(|s| match (&e.values, s.own) {
                    (None, _) => true,
                    (Some(_), true) => false,
                    (Some(values), false) => node_mut(root, &s.path).is_some_and(|node| node.accepts_enum(values)),
                })
                .collect()
        })
        .collect();
    const INF: u32 = u32::MAX / 4;
    // forward[i][j]: best cost having placed entries[..i] within slots[..j].
    let mut forward = vec![vec![INF; m + 1]; n + 1];
    forward[0][0] = 0;
    for i in 0..=n {
        for j in 0..=m {
            let here = forward[i][j];
            if here >= INF {
                continue;
            }
            if i < n {
                forward[i + 1][j] = forward[i + 1][j].min(here + SKIP_ENTRY);
            }
            if j < m {
                forward[i][j + 1] = forward[i][j + 1].min(here + slots[j].skip_cost());
            }
            if i < n && j < m && fits[i][j] {
                forward[i + 1][j + 1] = forward[i + 1][j + 1].min(here);
            }
        }
    }
    // backward[i][j]: best cost placing entries[i..] within slots[j..].
    let mut backward = vec![vec![INF; m + 1]; n + 1];
    backward[n][m] = 0;
    for i in (0..=n).rev() {
        for j in (0..=m).rev() {
            let mut best = backward[i][j];
            if i < n {
                best = best.min(backward[i + 1][j] + SKIP_ENTRY);
            }
            if j < m {
                best = best.min(backward[i][j + 1] + slots[j].skip_cost());
            }
            if i < n && j < m && fits[i][j] {
                best = best.min(backward[i + 1][j + 1]);
            }
            backward[i][j] = best;
        }
    }
    let best = forward[n][m];
    (0..n)
        .map(|i| {
            let mut places =
                (0..m).filter(|&j| fits[i][j] && forward[i][j].saturating_add(backward[i + 1][j + 1]) == best);
            let skipped = (0..=m).any(|j| forward[i][j].saturating_add(SKIP_ENTRY + backward[i + 1][j]) == best);
            match (places.next(), places.next(), skipped) {
                (Some(j), None, false) => Some(j),
                _ => None,
            }
        })
        .collect()
}
