//! Path templates. Today's theme shows `/access-profiles/{id}` as `/access-profiles/:id`; the
//! draft is always in OpenAPI form, and its path parameters must match the template's places.

/// Characters of a `:name` place: the theme writes `{name}` as `:name` for these
/// (`/{([a-z0-9-_]+)}/gi`).
fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// `path` in OpenAPI form: `:name` becomes `{name}` when it starts a segment or names a declared
/// path parameter (`/files/:name.:ext`); other colons (`/items:batch`) are literal.
pub fn openapi_template(path: &str, declared: &[&str]) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    let mut rest = path;
    while let Some(at) = rest.find(':') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let name_len = after[1..].find(|c: char| !is_name_char(c)).unwrap_or(after.len() - 1);
        let name = &after[1..1 + name_len];
        let segment_start = out.ends_with('/');
        if !name.is_empty() && (segment_start || declared.contains(&name)) {
            out.push('{');
            out.push_str(name);
            out.push('}');
        } else {
            out.push(':');
            out.push_str(name);
        }
        rest = &after[1 + name_len..];
    }
    out.push_str(rest);
    out
}

/// `{id}` names in an OpenAPI path template, in order.
pub fn names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}'))
        .map(|(name, _)| name.to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colon_places_become_braces() {
        assert_eq!(openapi_template("/access-profiles/:id", &[]), "/access-profiles/{id}");
        assert_eq!(openapi_template("/a/{id}/b", &["id"]), "/a/{id}/b");
        assert_eq!(openapi_template("/s/:source_id/x/:attr-name", &[]), "/s/{source_id}/x/{attr-name}");
        assert_eq!(openapi_template("/files/:name.:ext", &["name", "ext"]), "/files/{name}.{ext}");
        assert_eq!(openapi_template("/items:batch", &[]), "/items:batch");
        assert_eq!(openapi_template("/a/:", &[]), "/a/:");
    }

    #[test]
    fn template_names() {
        assert_eq!(names("/a/{id}/b/{key}"), ["id", "key"]);
        assert!(names("/a").is_empty());
    }
}
