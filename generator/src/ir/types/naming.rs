//! Names for every struct, enum and union, decided once all schemas are known.
//!
//! A type's *base name* is, in order: its component name; its title (when the title reads as a
//! name: at most four words, no sentence); otherwise the shortest name from where it is used: an
//! `add` hint (`AdminReassignRequest`) or a parent's base name plus the role in the parent
//! (`AdminReassignRequestReassignTo`, `...Item`). Shortest-then-alphabetical is a choice over
//! sets, so names never depend on the order schemas were added in.
//!
//! Two types with one base name (45 titles in 2024 beta name two structures): the one that is a
//! component, else used most often, keeps it; each other one is named by a property that the
//! keeper lacks (`CampaignWithFilter`), else by where it is used, and only then by a counter.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Kind, TypeId, TypeSpace, RESERVED};
use crate::ir::names::camel;
use crate::{GenerateOptions, Warning};

/// Longest title (as a camel-case name) taken as a name; longer titles are sentences.
const MAX_TITLE_NAME: usize = 48;

pub(super) fn assign(
    space: &TypeSpace,
    options: &GenerateOptions,
    warnings: &mut Vec<Warning>,
) -> HashMap<TypeId, String> {
    let mut bases = Bases { space, memo: HashMap::new() };
    let named: Vec<TypeId> = space
        .ids()
        .filter(|id| matches!(space.node(*id).kind, Kind::Struct(_) | Kind::Enum(_) | Kind::Union(_)))
        .collect();
    // Group by base name; BTreeMap so groups are visited in name order.
    let mut groups: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
    for &id in &named {
        let mut base = bases.base(id);
        if RESERVED.contains(&base.as_str()) {
            base.push_str("Type");
        }
        groups.entry(base).or_default().push(id);
    }
    let mut names = HashMap::new();
    let mut taken: BTreeSet<String> = groups.keys().cloned().collect();
    let mut losers = Vec::new();
    for (base, mut ids) in groups {
        ids.sort_by_key(|id| priority(space, *id));
        let keeper = ids[0];
        names.insert(keeper, base.clone());
        for &id in &ids[1..] {
            losers.push((base.clone(), keeper, id));
        }
    }
    // Parents before children (by structural height, not input order), so a child's usage name
    // can build on its parent's final name.
    let mut heights = HashMap::new();
    losers.sort_by_cached_key(|(base, _, id)| {
        (std::cmp::Reverse(height(space, *id, &mut heights)), base.clone(), space.node(*id).fingerprint)
    });
    for (base, keeper, id) in losers {
        let name = alternatives(space, &mut bases, &names, &base, keeper, id)
            .into_iter()
            .find(|n| !taken.contains(n) && !RESERVED.contains(&n.as_str()))
            .unwrap_or_else(|| (2..).map(|i| format!("{base}{i}")).find(|n| !taken.contains(n)).unwrap_or_default());
        taken.insert(name.clone());
        names.insert(id, name);
    }
    apply_overrides(&mut names, options, warnings);
    names
}

/// Sort key: components first, then most used, then a structural hash (never input order).
fn priority(space: &TypeSpace, id: TypeId) -> (bool, std::cmp::Reverse<usize>, u64) {
    let node = space.node(id);
    (node.meta.components.is_empty(), std::cmp::Reverse(node.meta.uses), node.fingerprint)
}

/// Names for a type that lost its base name to `keeper`, best first.
fn alternatives(
    space: &TypeSpace,
    bases: &mut Bases<'_>,
    names: &HashMap<TypeId, String>,
    base: &str,
    keeper: TypeId,
    id: TypeId,
) -> Vec<String> {
    let mut out = Vec::new();
    if let (Kind::Struct(mine), Kind::Struct(theirs)) = (&space.node(id).kind, &space.node(keeper).kind) {
        for field in &mine.fields {
            if !theirs.fields.iter().any(|f| f.name == field.name) {
                out.push(format!("{base}With{}", camel(&field.name).trim_end_matches('_')));
            }
        }
    }
    let mut used = usage_names(space, bases, names, id, 0);
    used.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    out.extend(used.into_iter().filter(|n| n != base));
    out
}

/// Names from where `id` is used, built on the parents' final names where they have one.
fn usage_names(
    space: &TypeSpace,
    bases: &mut Bases<'_>,
    names: &HashMap<TypeId, String>,
    id: TypeId,
    depth: usize,
) -> Vec<String> {
    let node = space.node(id);
    let mut out: Vec<String> = node.meta.hints.iter().cloned().collect();
    for (parent, role) in &node.meta.parents {
        if parent.0 <= id.0 {
            continue;
        }
        let parent_names = match names.get(parent) {
            Some(name) => vec![name.clone()],
            None if depth < 8 => usage_names(space, bases, names, *parent, depth + 1),
            None => vec![bases.base(*parent)],
        };
        out.extend(parent_names.into_iter().map(|p| format!("{p}{role}")));
    }
    // Only the shortest few go up a level: wide, deep graphs must not multiply candidates.
    out.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    out.dedup();
    out.truncate(4);
    out
}

/// Longest chain of nested types below `id`.
fn height(space: &TypeSpace, id: TypeId, memo: &mut HashMap<TypeId, usize>) -> usize {
    if let Some(h) = memo.get(&id) {
        return *h;
    }
    memo.insert(id, 0);
    let children: Vec<TypeId> = match &space.node(id).kind {
        Kind::Array(c) | Kind::Map(c) | Kind::Nullable(c) => vec![*c],
        Kind::Struct(s) => s.fields.iter().map(|f| f.ty).chain(s.additional).collect(),
        Kind::Union(u) => u.variants.clone(),
        _ => Vec::new(),
    };
    let h = children.into_iter().map(|c| height(space, c, memo) + 1).max().unwrap_or(0);
    memo.insert(id, h);
    h
}

struct Bases<'a> {
    space: &'a TypeSpace,
    memo: HashMap<TypeId, String>,
}

impl Bases<'_> {
    fn base(&mut self, id: TypeId) -> String {
        if let Some(name) = self.memo.get(&id) {
            return name.clone();
        }
        let name = own_name(self.space, id).unwrap_or_else(|| self.derived(id));
        self.memo.insert(id, name.clone());
        name
    }

    /// The shared role of an error body many operations return, else the shortest name from the
    /// places the type is used.
    fn derived(&mut self, id: TypeId) -> String {
        if let Some(name) = shared_error_name(&self.space.node(id).meta) {
            return name;
        }
        self.candidates(id).into_iter().next().unwrap_or_else(|| "Type".to_owned())
    }

    /// Names from the places the type is used, shortest (then alphabetically) first.
    fn candidates(&mut self, id: TypeId) -> Vec<String> {
        let node = self.space.node(id);
        let mut candidates: Vec<String> = node.meta.hints.iter().cloned().collect();
        let parents: Vec<(TypeId, String)> = node.meta.parents.iter().cloned().collect();
        for (parent, role) in parents {
            // Parents are always interned after their children, so this never loops.
            if parent.0 > id.0 {
                candidates.push(format!("{}{role}", self.base(parent)));
            }
        }
        candidates.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        candidates.dedup();
        candidates
    }
}

/// Operations that must share an untitled error body before it is named by its role.
const SHARED_BY: usize = 3;

/// `BadRequestError` (one status) or `ErrorResponse` (several) for an untitled body that at least
/// [`SHARED_BY`] operations return for error statuses only, and that is used nowhere else: named
/// by its role instead of by whichever operation has the shortest name.
fn shared_error_name(meta: &super::Meta) -> Option<String> {
    let operations: BTreeSet<&str> = meta.responses.iter().map(|(_, op)| op.as_str()).collect();
    let statuses: BTreeSet<&str> = meta.responses.iter().map(|(status, _)| status.as_str()).collect();
    let errors = statuses.iter().all(|s| s.starts_with('4') || s.starts_with('5'));
    if operations.len() < SHARED_BY || !errors || meta.hints.len() != meta.responses.len() || !meta.parents.is_empty() {
        return None;
    }
    let [status] = statuses.into_iter().collect::<Vec<_>>()[..] else {
        return Some("ErrorResponse".to_owned());
    };
    let reason = match status {
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "NotFound",
        "409" => "Conflict",
        "429" => "TooManyRequests",
        "500" => "InternalServer",
        "4XX" | "4xx" => "Client",
        "5XX" | "5xx" => "Server",
        other => return Some(format!("Error{}", camel(other))),
    };
    Some(format!("{reason}Error"))
}

fn own_name(space: &TypeSpace, id: TypeId) -> Option<String> {
    let meta = &space.node(id).meta;
    if let Some(component) = meta.components.first() {
        return Some(camel(component));
    }
    let title = meta.titles.best()?;
    // Bundlers suffix a reused title with `-2`: clash on purpose, and name by meaning instead.
    let title = match title.rsplit_once('-') {
        Some((stem, n)) if !stem.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => stem,
        _ => title,
    };
    let name = camel(title);
    let words = title.split_whitespace().count();
    (words <= 4 && !title.ends_with('.') && name.len() <= MAX_TITLE_NAME).then_some(name)
}

fn apply_overrides(names: &mut HashMap<TypeId, String>, options: &GenerateOptions, warnings: &mut Vec<Warning>) {
    for (from, to) in &options.type_names {
        let Some(id) = names.iter().find(|(_, n)| *n == from).map(|(id, _)| *id) else {
            warnings.push(Warning::new(
                None,
                "type-names",
                format!("`{from}` names no generated type; override ignored"),
            ));
            continue;
        };
        let valid = syn::parse_str::<syn::Ident>(to).is_ok() && !RESERVED.contains(&to.as_str());
        if !valid {
            warnings.push(Warning::new(None, "type-names", format!("`{to}` is not a usable type name; `{from}` kept")));
            continue;
        }
        if names.values().any(|n| n == to) {
            warnings.push(Warning::new(
                None,
                "type-names",
                format!("`{to}` is already the name of another type; `{from}` kept"),
            ));
            continue;
        }
        names.insert(id, to.clone());
    }
}
