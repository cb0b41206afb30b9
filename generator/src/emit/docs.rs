//! Descriptions from the input -> rustdoc text that renders well and raises no rustdoc warnings.
//!
//! Emit the result with `#[doc = #line]` tokens (never by pasting text into source), so nothing
//! in a description (`*/`, `"#`, bidi controls) can change the generated code.

use crate::memo::{cached, Cache};

/// Cleans `text` for rustdoc: bare URLs become `<autolinks>`, brackets that are not Markdown links
/// are escaped (no broken intra-doc links), `<` that does not start an autolink is written as
/// `&lt;` (no unclosed HTML tags), every code fence is marked `text` (never run as a doctest,
/// closed if left open), and indentation is capped so no indented code block (a doctest) appears.
/// Each line starts with a space, for `/// line` style output.
pub fn rustdoc(text: &str) -> Vec<String> {
    thread_local! {
        static DONE: Cache<Vec<String>> = Cache::default();
    }
    cached(&DONE, text, convert)
}

fn convert(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    // Width of the open list item's marker, and whether a block quote is open.
    let (mut list, mut quote): (Option<usize>, bool) = (None, false);
    for raw in text.trim().replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = visible(&raw.replace('\t', "    "));
        let trimmed = line.trim_start();
        let marker = fence_marker(trimmed);
        match (&fence, marker) {
            (None, Some(m)) => {
                out.push(format!(" {m}text"));
                fence = Some(m);
                continue;
            }
            (Some(open), Some(m)) if m.starts_with(open.as_str()) && is_closing(trimmed, &m) => {
                out.push(format!(" {open}"));
                fence = None;
                continue;
            }
            (Some(_), _) => {
                out.push(format!(" {}", line.trim_end()));
                continue;
            }
            (None, None) => {}
        }
        let mut indent = (line.len() - trimmed.len()).min(3);
        let body = clean_line(trimmed.trim_end());
        if body.is_empty() {
            out.push(String::new());
            (list, quote) = (None, false);
            continue;
        }
        // A line right after a list item or quote, without its own marker, continues it
        // ("lazy continuation"); spell that out so rustdoc and clippy read it the same way.
        let item = list_marker_width(&body);
        let body = match (item, list, quote) {
            (None, Some(width), _) if !body.starts_with('>') => {
                indent = indent.max(width);
                body
            }
            (_, _, true) if !body.starts_with('>') => format!("> {body}"),
            _ => body,
        };
        if let Some(width) = item {
            list = Some(indent + width);
        }
        quote = body.starts_with('>');
        out.push(format!(" {}{body}", " ".repeat(indent)));
    }
    if let Some(open) = fence {
        out.push(format!(" {open}"));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
}

/// Drops control characters and the bidirectional overrides that rustc rejects in comments
/// (`text_direction_codepoint_in_comment`), which could otherwise disguise the generated code.
pub fn visible(line: &str) -> String {
    line.chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        })
        .collect()
}

/// Width of a list item marker (`- `, `* `, `+ `, `1. `) starting the line, if any.
fn list_marker_width(line: &str) -> Option<usize> {
    if ["- ", "* ", "+ "].iter().any(|m| line.starts_with(m)) {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && digits < 10 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// "```" or "~~~" (or longer) starting a line.
fn fence_marker(line: &str) -> Option<String> {
    for c in ['`', '~'] {
        let n = line.chars().take_while(|x| *x == c).count();
        if n >= 3 {
            return Some(c.to_string().repeat(n));
        }
    }
    None
}

fn is_closing(line: &str, marker: &str) -> bool {
    line[marker.len()..].trim().is_empty()
}

/// Cleans one line outside code fences; inline code spans are left as they are.
fn clean_line(line: &str) -> String {
    let parts: Vec<&str> = line.split('`').collect();
    // An odd number of backticks: the last one opens no span.
    let balanced = parts.len() % 2 == 1;
    let mut out = String::with_capacity(line.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        let in_code = i % 2 == 1 && (balanced || i + 1 < parts.len());
        if in_code {
            out.push_str(part);
        } else {
            out.push_str(&clean_text(part));
        }
    }
    if !balanced {
        // Escape the unmatched backtick so it does not swallow the next line's text.
        if let Some(pos) = out.rfind('`') {
            out.replace_range(pos..pos + 1, "\\`");
        }
    }
    out
}

fn clean_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '[' => match link_end(&chars, i) {
                // `[text](target)`: a real Markdown link; copy it whole.
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            '<' => match autolink_end(&chars, i) {
                Some(end) => {
                    out.extend(&chars[i..end]);
                    i = end;
                    continue;
                }
                None => out.push_str("&lt;"),
            },
            'h' if starts_url(&chars, i) && !prev_is_word(&chars, i) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn prev_is_word(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '/')
}

fn starts_url(chars: &[char], i: usize) -> bool {
    let rest: String = chars[i..chars.len().min(i + 8)].iter().collect();
    rest.starts_with("http://") || rest.starts_with("https://")
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !"<>\"'`()[]{}".contains(chars[end]) {
        end += 1;
    }
    // Trailing punctuation ends the sentence, not the URL.
    while end > start && ".,;:!?".contains(chars[end - 1]) {
        end -= 1;
    }
    end
}

/// `<http...>` already written as an autolink: index after `>`.
fn autolink_end(chars: &[char], i: usize) -> Option<usize> {
    if !starts_url(chars, i + 1) {
        return None;
    }
    let close = (i + 1..chars.len()).find(|&j| chars[j] == '>' || chars[j].is_whitespace())?;
    (chars[close] == '>').then_some(close + 1)
}

/// `[text](target)` starting at `i` with balanced text and no spaces in the target.
fn link_end(chars: &[char], i: usize) -> Option<usize> {
    let mut depth = 0;
    let mut j = i;
    while j < chars.len() {
        match chars[j] {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        j += 1;
    }
    if j >= chars.len() || chars.get(j + 1) != Some(&'(') {
        return None;
    }
    let inner: String = chars[i + 1..j].iter().collect();
    if inner.contains('[') || inner.contains('<') || inner.contains('`') {
        return None;
    }
    let close = (j + 2..chars.len()).find(|&k| chars[k] == ')')?;
    let target: String = chars[j + 2..close].iter().collect();
    (!target.is_empty() && !target.contains(char::is_whitespace) && !target.contains('<')).then_some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::rustdoc;

    #[test]
    fn cleans_what_rustdoc_warns_about() {
        let doc = rustdoc(
            "See https://example.com/a?b=c. And [docs](https://x.y/z) or [1] and <br> tag.\n\
             \n\
             ```json\n{\"a\": [1]}\n```\n\
             \n        indented\n\
             Use `a[0] <b>` here. Done <https://ok.example>.",
        );
        assert_eq!(
            doc,
            [
                " See <https://example.com/a?b=c>. And [docs](https://x.y/z) or \\[1\\] and &lt;br> tag.",
                "",
                " ```text",
                " {\"a\": [1]}",
                " ```",
                "",
                "    indented",
                " Use `a[0] <b>` here. Done <https://ok.example>.",
            ]
        );
    }

    #[test]
    fn lazy_continuations_are_spelled_out() {
        let doc = rustdoc("Kinds:\n- first\nstill first\n1. one\ncontinued\n\n> quoted\nmore\nText");
        assert_eq!(
            doc,
            [
                " Kinds:",
                " - first",
                "   still first",
                " 1. one",
                "    continued",
                "",
                " > quoted",
                " > more",
                " > Text"
            ]
        );
    }

    #[test]
    fn hostile_text_stays_inert() {
        let doc = rustdoc("a */ b \"# c\u{202e}d\u{0}e #![deny(warnings)]");
        assert_eq!(doc, [" a */ b \"# cde #!\\[deny(warnings)\\]"]);
    }

    #[test]
    fn open_fences_are_closed() {
        assert_eq!(rustdoc("~~~\nx"), [" ~~~text", " x", " ~~~"]);
    }
}
