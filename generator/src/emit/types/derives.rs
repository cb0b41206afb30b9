//! The derives users add to every type (`extra-derives`): which types can take each one.
//!
//! A standard derive (`Eq`, `Hash`, `PartialOrd`, `Ord`, `Default`, `Copy`) compiles only where
//! every member implements the trait: an `f64` has no `Eq`, `Hash` or `Ord`, a JSON value no
//! `PartialOrd` or `Ord`, a string enum (which keeps unknown values) no `Default`. Those types
//! go without it, and a warning names them. Any other derive (`schemars::JsonSchema`) goes on
//! every type: its crate's implementations for members are the user's to enable.

use std::collections::HashMap;

use crate::ir::types::{Kind, TypeId, TypeSpace};
use crate::{Error, Warning};

/// Written on every generated type already.
const ALWAYS: &[&str] = &["Debug", "Clone", "PartialEq", "Serialize", "Deserialize"];

/// The standard derives whose members must all implement the trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Std {
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Copy,
}

impl Std {
    /// `Eq`, `std::cmp::Eq`, `::core::cmp::Eq`, ...
    fn of(path: &str) -> Option<Std> {
        let path = path.trim_start_matches("::");
        let name = ["std::", "core::"]
            .iter()
            .find_map(|krate| path.strip_prefix(krate))
            .map_or(path, |rest| rest.rsplit("::").next().unwrap_or(rest));
        Some(match name {
            "Eq" => Std::Eq,
            "Hash" => Std::Hash,
            "PartialOrd" => Std::PartialOrd,
            "Ord" => Std::Ord,
            "Default" => Std::Default,
            "Copy" => Std::Copy,
            _ => return None,
        })
    }

    /// Why a type can lack it.
    fn lacked_by(self) -> &'static str {
        match self {
            Std::Eq | Std::Hash => "hold an `f64` (a `number`)",
            Std::PartialOrd => "hold a JSON value, which has no order",
            Std::Ord => "hold an `f64` or a JSON value",
            Std::Default => "are enums or unions, or hold a required member without a default",
            Std::Copy => "hold a `String`, a collection or another member that is not `Copy`",
        }
    }

    /// Implemented by `serde_json::Value` and `serde_json::Map`.
    fn for_json(self) -> bool {
        matches!(self, Std::Eq | Std::Hash | Std::Default)
    }
}

/// Checks the option: paths, no derive twice or already written, `Ord` with what it needs.
pub fn validate(derives: &[String]) -> Result<(), Error> {
    for (i, derive) in derives.iter().enumerate() {
        let path = syn::parse_str::<syn::Path>(derive);
        if !path.is_ok_and(|p| p.segments.iter().all(|s| s.arguments.is_none())) {
            return Err(Error::new(format!("invalid extra derive {derive:?}: not a Rust path")));
        }
        let last = derive.rsplit("::").next().unwrap_or(derive).trim();
        if ALWAYS.contains(&last) {
            return Err(Error::new(format!("extra derive `{derive}`: every generated type derives `{last}` already")));
        }
        if derives[..i].contains(derive) {
            return Err(Error::new(format!("extra derive `{derive}` is given twice")));
        }
    }
    let has = |t: Std| derives.iter().any(|d| Std::of(d) == Some(t));
    if has(Std::Ord) && !(has(Std::Eq) && has(Std::PartialOrd)) {
        return Err(Error::new("extra derive `Ord` needs `Eq` and `PartialOrd` among the extra derives"));
    }
    Ok(())
}

/// The extra derives of each named type.
#[derive(Default)]
pub struct Derives {
    paths: Vec<String>,
    /// Per type, the indices into `paths` that apply.
    applies: HashMap<TypeId, Vec<usize>>,
}

impl Derives {
    /// Decides, for every named type of `space`, which of `extra` it takes; a warning per
    /// standard derive some types cannot take, and per other derive when the types' serde
    /// attributes are not written (`serde_derive` off).
    pub fn plan(space: &TypeSpace, extra: &[String], serde_derive: bool, warnings: &mut Vec<Warning>) -> Derives {
        let mut named: Vec<(&str, TypeId)> = space
            .ids()
            .filter(|id| space.resolve(*id) == *id)
            .filter(|id| matches!(space.node(*id).kind, Kind::Struct(_) | Kind::Enum(_) | Kind::Union(_)))
            .filter_map(|id| space.type_name(id).map(|name| (name, id)))
            .collect();
        named.sort();
        let mut applies: HashMap<TypeId, Vec<usize>> = HashMap::new();
        for (index, path) in extra.iter().enumerate() {
            let Some(t) = Std::of(path) else {
                named.iter().for_each(|(_, id)| applies.entry(*id).or_default().push(index));
                if !serde_derive {
                    let message = "sees the Rust names of fields and variants: serde's attributes with the wire names \
                                   are written only with `serde-derive = true`";
                    warnings.push(Warning::new(None, format!("extra derive `{path}`"), message));
                }
                continue;
            };
            let table = Capable::table(space, &named, t);
            let mut left_out = Vec::new();
            for (name, id) in &named {
                if table[id] {
                    // What the kind writes itself is not written twice.
                    if !writes_already(space, *id, t) {
                        applies.entry(*id).or_default().push(index);
                    }
                } else {
                    left_out.push(*name);
                }
            }
            if !left_out.is_empty() {
                let shown = left_out.len().min(5);
                let more =
                    if left_out.len() > shown { format!(" and {} more", left_out.len() - shown) } else { "".into() };
                let message = format!(
                    "not on {} of {} types, which {}: {}{more}",
                    left_out.len(),
                    named.len(),
                    t.lacked_by(),
                    left_out[..shown].join(", ")
                );
                warnings.push(Warning::new(None, format!("extra derive `{path}`"), message));
            }
        }
        Derives { paths: extra.to_vec(), applies }
    }

    /// The extra derives of `id`, as written in the option.
    pub fn of(&self, id: TypeId) -> impl Iterator<Item = &str> {
        self.applies.get(&id).into_iter().flatten().map(|i| self.paths[*i].as_str())
    }
}

/// Whether the type's own declaration derives `t` (string enums their comparisons, structs of
/// optional fields `Default`).
fn writes_already(space: &TypeSpace, id: TypeId, t: Std) -> bool {
    match &space.node(id).kind {
        Kind::Enum(_) => matches!(t, Std::Eq | Std::Hash | Std::PartialOrd | Std::Ord),
        Kind::Struct(s) => t == Std::Default && s.fields.iter().all(|f| !f.required),
        _ => false,
    }
}

/// Which named types implement one trait: the greatest fixed point (every type is assumed to,
/// until a member shows otherwise), so recursive types, boxed, are decided like the others.
struct Capable<'a> {
    space: &'a TypeSpace,
    t: Std,
    named: HashMap<TypeId, bool>,
}

impl Capable<'_> {
    fn table(space: &TypeSpace, named: &[(&str, TypeId)], t: Std) -> HashMap<TypeId, bool> {
        let mut capable = Capable { space, t, named: named.iter().map(|(_, id)| (*id, true)).collect() };
        loop {
            let fails: Vec<TypeId> =
                named.iter().map(|(_, id)| *id).filter(|id| capable.named[id] && !capable.declaration(*id)).collect();
            if fails.is_empty() {
                return capable.named;
            }
            fails.into_iter().for_each(|id| {
                capable.named.insert(id, false);
            });
        }
    }

    /// Whether a named type's declaration can derive the trait, given its members.
    fn declaration(&self, id: TypeId) -> bool {
        let t = self.t;
        match &self.space.node(id).kind {
            Kind::Struct(s) => {
                let fields = s.fields.iter().all(|f| {
                    // Optional fields are `Option`s: `Default` whatever they hold.
                    (t == Std::Default && !f.required) || self.member(f.ty)
                });
                let rest = match s.additional {
                    Some(value) => t != Std::Copy && self.holds(value),
                    None if s.is_open() => t.for_json(),
                    None => true,
                };
                fields && rest
            }
            // Each keeps values it does not list: in a `String`, or a JSON value.
            Kind::Enum(_) => !matches!(t, Std::Default | Std::Copy),
            Kind::Union(u) => {
                !matches!(t, Std::Default | Std::Copy)
                    && u.variants.iter().all(|v| self.member(*v))
                    && (u.tag.is_none() || t.for_json())
            }
            _ => self.holds(id),
        }
    }

    /// A field or variant: boxed where it refers back, and a `Box` is never `Copy`.
    fn member(&self, id: TypeId) -> bool {
        !(self.t == Std::Copy && self.space.needs_box(id)) && self.holds(id)
    }

    fn holds(&self, id: TypeId) -> bool {
        let (space, t) = (self.space, self.t);
        let id = space.resolve(id);
        if let Some(known) = self.named.get(&id) {
            return *known;
        }
        match &space.node(id).kind {
            // chrono's and uuid's types implement all of them.
            Kind::String(format) => space.typed_format(*format).is_some() || t != Std::Copy,
            Kind::Integer(_) | Kind::Boolean => true,
            Kind::Number => matches!(t, Std::PartialOrd | Std::Default | Std::Copy),
            Kind::Array(item) | Kind::Map(item) => t != Std::Copy && self.holds(*item),
            Kind::Nullable(inner) => t == Std::Default || self.holds(*inner),
            // Unnamed objects, enums and unions, and unresolved references, are JSON values.
            Kind::Any | Kind::Ref(_) | Kind::Struct(_) | Kind::Enum(_) | Kind::Union(_) => t.for_json(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_derives_are_known_by_any_path() {
        assert_eq!(Std::of("Eq"), Some(Std::Eq));
        assert_eq!(Std::of("std::cmp::Ord"), Some(Std::Ord));
        assert_eq!(Std::of("::core::hash::Hash"), Some(Std::Hash));
        assert_eq!(Std::of("schemars::JsonSchema"), None);
        assert_eq!(Std::of("my::Eq"), None);
    }

    #[test]
    fn the_option_is_checked() {
        let check = |derives: &[&str]| validate(&derives.iter().map(|d| d.to_string()).collect::<Vec<_>>());
        assert!(check(&["Eq", "Hash", "PartialOrd", "Ord", "schemars::JsonSchema"]).is_ok());
        let message = |derives: &[&str]| check(derives).unwrap_err().to_string();
        assert!(message(&["Ord"]).contains("needs `Eq` and `PartialOrd`"));
        assert!(message(&["serde::Serialize"]).contains("already"));
        assert!(message(&["Debug"]).contains("already"));
        assert!(message(&["Hash", "Hash"]).contains("twice"));
        assert!(message(&["not a path"]).contains("not a Rust path"));
    }
}
