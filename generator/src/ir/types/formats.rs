//! Which string formats become real Rust types.
//!
//! The rule: a format (`date-time`, `date`, `uuid`) becomes `chrono::DateTime<chrono::Utc>`,
//! `chrono::NaiveDate` or `uuid::Uuid` only if **every** documented example of a schema with that
//! format, anywhere in the API (schema and property `example`s and the values recorded with
//! `add_example`), parses **and** is written back byte for byte by chrono/uuid: UTC with a `Z`
//! suffix and 0, 3, 6 or 9 fraction digits as chrono prints them, `YYYY-MM-DD`, lowercase
//! hyphenated UUIDs. One example that would not round-trip keeps the whole format a `String`, so
//! documented data never fails to deserialise and never changes on its way back. Parameters are
//! always plain strings (they are encoded as text).

use serde_json::Value;

use super::{Kind, StrFormat, TypeId, TypeSpace};

/// Formats that use a dedicated type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Decision {
    date_time: bool,
    date: bool,
    uuid: bool,
}

impl Decision {
    pub fn uses(&self, format: StrFormat) -> bool {
        match format {
            StrFormat::DateTime => self.date_time,
            StrFormat::Date => self.date,
            StrFormat::Uuid => self.uuid,
        }
    }
}

pub(super) fn decide(space: &TypeSpace) -> Decision {
    let mut ok = Decision { date_time: true, date: true, uuid: true };
    let mut check = |id: TypeId, value: &Value, space: &TypeSpace| {
        if let Kind::String(Some(format)) = space.nodes[space.resolve(id).0].kind {
            let good = value.as_str().is_some_and(|s| round_trips(format, s));
            let slot = match format {
                StrFormat::DateTime => &mut ok.date_time,
                StrFormat::Date => &mut ok.date,
                StrFormat::Uuid => &mut ok.uuid,
            };
            *slot &= good;
        }
    };
    for id in space.ids() {
        let node = space.node(id);
        for text in node.meta.examples.0.keys() {
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                walk(space, id, &value, &mut check, 0);
            }
        }
        if let Kind::Struct(s) = &node.kind {
            for (field, votes) in s.fields.iter().zip(&node.meta.field_examples) {
                for text in votes.0.keys() {
                    if let Ok(value) = serde_json::from_str::<Value>(text) {
                        walk(space, field.ty, &value, &mut check, 0);
                    }
                }
            }
        }
    }
    for (id, _, value) in &space.examples {
        walk(space, *id, value, &mut check, 0);
    }
    ok
}

/// Calls `f` for every (type, value) pair reached by following `value` along type `id`.
fn walk(space: &TypeSpace, id: TypeId, value: &Value, f: &mut impl FnMut(TypeId, &Value, &TypeSpace), depth: usize) {
    if depth > 64 {
        return;
    }
    let id = space.resolve(id);
    f(id, value, space);
    match (&space.nodes[id.0].kind, value) {
        (Kind::Nullable(inner), v) if !v.is_null() => walk(space, *inner, v, f, depth + 1),
        (Kind::Array(item), Value::Array(items)) => {
            for v in items {
                walk(space, *item, v, f, depth + 1);
            }
        }
        (Kind::Map(inner), Value::Object(map)) => {
            for v in map.values() {
                walk(space, *inner, v, f, depth + 1);
            }
        }
        (Kind::Struct(s), Value::Object(map)) => {
            for (key, v) in map {
                match s.fields.iter().find(|field| &field.name == key) {
                    Some(field) => walk(space, field.ty, v, f, depth + 1),
                    None => {
                        if let Some(a) = s.additional {
                            walk(space, a, v, f, depth + 1);
                        }
                    }
                }
            }
        }
        (Kind::Union(u), v) => {
            for variant in &u.variants {
                walk(space, *variant, v, f, depth + 1);
            }
        }
        _ => {}
    }
}

pub(crate) fn round_trips(format: StrFormat, s: &str) -> bool {
    match format {
        StrFormat::Date => date(s),
        StrFormat::DateTime => date_time(s),
        StrFormat::Uuid => uuid(s),
    }
}

fn digits(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// `YYYY-MM-DD` with a real day.
pub(crate) fn is_date(s: &str) -> bool {
    date(s)
}

/// Any RFC 3339 date-time (what validators accept), not only what chrono writes back.
pub(crate) fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() < 20 || !s.is_char_boundary(10) || !date(&s[..10]) || !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    let rest = &s[11..];
    let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(i) => rest.split_at(i),
        None => return false,
    };
    let (hms, fraction) = time.split_once('.').map_or((time, None), |(h, f)| (h, Some(f)));
    let two = |p: &str, max: u32| p.len() == 2 && digits(p).is_some_and(|n| n <= max);
    let hms_ok =
        matches!(hms.split(':').collect::<Vec<_>>().as_slice(), [h, m, s] if two(h, 23) && two(m, 59) && two(s, 60));
    let offset_ok = matches!(offset, "Z" | "z")
        || (offset.len() == 6 && offset.as_bytes()[3] == b':' && two(&offset[1..3], 23) && two(&offset[4..6], 59));
    hms_ok && offset_ok && !fraction.is_some_and(|f| digits(f).is_none())
}

fn date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10])) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn date_time(s: &str) -> bool {
    let Some(rest) = s.strip_suffix('Z') else {
        return false;
    };
    if rest.len() < 19 || !s.is_char_boundary(10) || rest.as_bytes()[10] != b'T' {
        return false;
    }
    if !date(&rest[..10]) {
        return false;
    }
    let time = &rest[11..];
    let (hms, fraction) = match time.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (time, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let [h, m, sec] = parts.as_slice() else {
        return false;
    };
    let ok = |p: &str, max: u32| p.len() == 2 && digits(p).is_some_and(|n| n <= max);
    if !(ok(h, 23) && ok(m, 59) && ok(sec, 59)) {
        return false;
    }
    match fraction {
        None => true,
        Some(f) => {
            if f.len() > 9 || digits(f).is_none() {
                return false;
            }
            let nanos: u32 = format!("{f:0<9}").parse().unwrap_or(0);
            // chrono writes the fewest of 0, 3, 6 or 9 digits that keep the value.
            let written = if nanos == 0 {
                0
            } else if nanos % 1_000_000 == 0 {
                3
            } else if nanos % 1_000 == 0 {
                6
            } else {
                9
            };
            written == f.len()
        }
    }
}

fn uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_exact_round_trips_count() {
        assert!(round_trips(StrFormat::DateTime, "2020-09-24T18:10:47.693Z"));
        assert!(round_trips(StrFormat::DateTime, "2020-09-24T18:10:47Z"));
        assert!(!round_trips(StrFormat::DateTime, "2020-09-24T18:10:47.000Z"));
        assert!(!round_trips(StrFormat::DateTime, "2020-09-24T18:10:47.10Z"));
        assert!(!round_trips(StrFormat::DateTime, "2020-09-24T18:10:47+02:00"));
        assert!(!round_trips(StrFormat::DateTime, "2020-02-30T18:10:47Z"));
        assert!(round_trips(StrFormat::Date, "2024-02-29"));
        assert!(!round_trips(StrFormat::Date, "2023-02-29"));
        assert!(round_trips(StrFormat::Uuid, "3fa85f64-5717-4562-b3fc-2c963f66afa6"));
        assert!(!round_trips(StrFormat::Uuid, "3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
        assert!(!round_trips(StrFormat::Uuid, "2c918086719eec070171a7e3355a360a"));
    }

    #[test]
    fn rfc3339_as_validators_read_it() {
        assert!(is_rfc3339("2018-01-11T18:45:37.098Z"));
        assert!(is_rfc3339("2018-01-11t18:45:37+02:00"));
        assert!(is_rfc3339("2018-01-11 18:45:37-05:30"));
        assert!(!is_rfc3339("6 Months from created date"));
        assert!(!is_rfc3339("2018-01-11T18:45:37"));
        assert!(!is_rfc3339("2018-02-30T18:45:37Z"));
        assert!(!is_rfc3339("2018-01-11T18:45Z"));
    }
}
