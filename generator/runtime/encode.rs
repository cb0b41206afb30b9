//! Percent-encoding and the text form of parameter values.

use serde_json::Value;

/// Percent-encodes everything but RFC 3986 unreserved characters, so a value is always exactly
/// one path segment or one query component (`a/b c` -> `a%2Fb%20c`).
pub fn component(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The text of a scalar: strings unquoted, everything else as JSON.
pub fn scalar(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Flattens an object into `(key, text)` pairs; nested values are written as JSON.
pub fn pairs(value: &Value) -> Vec<(String, String)> {
    match value {
        Value::Object(map) => map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), scalar(v))).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_segments() {
        assert_eq!(component("a/b c"), "a%2Fb%20c");
        assert_eq!(component("é?&="), "%C3%A9%3F%26%3D");
        assert_eq!(component("A-z_0.~"), "A-z_0.~");
    }
}
