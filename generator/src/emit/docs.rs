//! Descriptions from the input -> rustdoc text that renders well and raises no rustdoc warnings.
//!
//! Emit the result with `#[doc = #line]` tokens (never by pasting text into source), so nothing
//! in a description (`*/`, `"#`, bidi controls) can change the generated code.

/// Cleans `text` for rustdoc: bare URLs become `<autolinks>`, brackets that are not Markdown links
/// are escaped (no broken intra-doc links), `<` that does not start an autolink is written as
/// `&lt;` (no unclosed HTML tags), every code fence is marked `text` (never run as a doctest,
/// closed if left open), and indentation is capped so no indented code block (a doctest) appears.
/// Each line starts with a space, for `/// line` style output.
pub fn rustdoc(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for raw in text.trim().replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = raw.replace('\t', "    ");
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
        let indent = (line.len() - trimmed.len()).min(3);
        let body = clean_line(trimmed.trim_end());
        if body.is_empty() {
            out.push(String::new());
        } else {
            out.push(format!(" {}{body}", " ".repeat(indent)));
        }
    }
    if let Some(open) = fence {
        out.push(format!(" {open}"));
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out
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
    fn open_fences_are_closed() {
        assert_eq!(rustdoc("~~~\nx"), [" ~~~text", " x", " ~~~"]);
    }
}
