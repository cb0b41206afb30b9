//! The `types` module (structs and string enums laid out inside the runtime's macros, unions as
//! tokens) and the example round-trip tests.

mod examples;

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::format;
use crate::ir::names::{camel, snake};
use crate::ir::types::{Kind, TypeId, TypeSpace};

pub use examples::example_tests;

/// The `types` module: every named type with its wire form and docs, ordered by name.
pub fn module(space: &TypeSpace) -> TokenStream {
    let mut named: Vec<(&str, TypeId)> = space
        .ids()
        .filter_map(|id| space.type_name(id).map(|n| (n, id)))
        .filter(|(_, id)| space.resolve(*id) == *id)
        .collect();
    named.sort();
    named.dedup_by_key(|(n, _)| *n);
    let items = named.iter().map(|(name, id)| item(space, name, *id));
    let untagged = named.iter().any(|(_, id)| matches!(&space.node(*id).kind, Kind::Union(u) if u.tag.is_none()));
    let helpers = untagged.then(|| {
        quote! {
            /// How many members of `value` the typed `candidate` does not write back: an untagged
            /// union keeps the variant that loses the least.
            fn untagged_loss<T: Serialize>(value: &serde_json::Value, candidate: &T) -> usize {
                fn missing(value: &serde_json::Value, back: &serde_json::Value) -> usize {
                    use serde_json::Value;
                    match (value, back) {
                        (Value::Object(a), Value::Object(b)) => a
                            .iter()
                            .map(|(k, v)| match b.get(k) {
                                Some(w) => missing(v, w),
                                None => usize::from(!v.is_null()),
                            })
                            .sum(),
                        (Value::Array(a), Value::Array(b)) => {
                            a.iter().zip(b).map(|(v, w)| missing(v, w)).sum::<usize>() + a.len().saturating_sub(b.len())
                        }
                        _ => 0,
                    }
                }
                serde_json::to_value(candidate).map_or(usize::MAX, |back| missing(value, &back))
            }

            /// Tries one variant of an untagged union: keeps it in `best` if it loses less of
            /// `value` than the best so far, or as little but declares more of it (open objects
            /// keep what they do not declare); true when it loses nothing and declares all.
            fn untagged_try<T: serde::de::DeserializeOwned, U: Serialize>(
                value: &serde_json::Value,
                best: &mut Option<((usize, usize), U)>,
                variant: fn(T) -> U,
            ) -> bool {
                let before = runtime::object::undeclared();
                let typed = serde_json::from_value::<T>(value.clone());
                let undeclared = runtime::object::undeclared() - before;
                runtime::object::set_undeclared(before);
                let Ok(typed) = typed else {
                    return false;
                };
                let candidate = variant(typed);
                let score = (untagged_loss(value, &candidate), undeclared);
                if best.as_ref().is_none_or(|(n, _)| score < *n) {
                    *best = Some((score, candidate));
                }
                score == (0, 0)
            }
        }
    });
    let uses = |kind: fn(&Kind) -> bool| named.iter().any(|(_, id)| kind(&space.node(*id).kind));
    // Structs and string enums get their wire form from the runtime's macros, unions from serde.
    let runtime = (untagged || uses(|k| matches!(k, Kind::Struct(_) | Kind::Enum(_)))).then(|| {
        quote!(
            use super::runtime;
        )
    });
    let serde = uses(|k| matches!(k, Kind::Union(_))).then(|| {
        quote!(
            use serde::{Deserialize, Serialize};
        )
    });
    quote! {
        //! Every schema of the API as a Rust type. Structurally identical schemas share one type.
        #![allow(clippy::large_enum_variant, clippy::derivable_impls)]
        #runtime
        #serde
        #helpers
        #(#items)*
    }
}

fn item(space: &TypeSpace, name: &str, id: TypeId) -> TokenStream {
    let node = space.node(id);
    let docs = node.meta.descriptions.best().map(docs::rustdoc).unwrap_or_default();
    // A doc note, not `#[deprecated]`: the crate itself refers to the type and must build cleanly.
    let deprecated = node.meta.deprecated.then_some(["", " **Deprecated** in the API description."]);
    let docs: Vec<String> = docs.into_iter().chain(deprecated.into_iter().flatten().map(str::to_owned)).collect();
    // Structs and string enums are declared inside the runtime's macros, laid out here.
    let declare = |macro_name: &str, body: Vec<String>| {
        let head = std::iter::once(format!("runtime::{macro_name}! {{")).chain(format::doc_text(&docs, "    "));
        format::verbatim_item(head.chain(body).chain(["}".to_owned()]).collect())
    };
    match &node.kind {
        Kind::Struct(s) => declare("object", structure(space, name, id, s)),
        Kind::Enum(values) => declare("string_enum", string_enum(name, values)),
        Kind::Union(u) => {
            let docs = format::doc_attrs(docs);
            let union = union(space, &format_ident!("{}", name), u);
            quote! {
                #docs
                #union
            }
        }
        _ => TokenStream::new(),
    }
}

/// The lines of a struct inside `runtime::object!`: each field with its kind and wire name.
fn structure(space: &TypeSpace, name: &str, id: TypeId, s: &crate::ir::types::Struct) -> Vec<String> {
    let meta = &space.node(id).meta;
    let none = TokenStream::new();
    let mut used = BTreeSet::new();
    let mut all_optional = true;
    let mut fields = Vec::new();
    for i in documented_order(meta, s.fields.len()) {
        let field = &s.fields[i];
        let fident = unique(&mut used, snake(&field.name), "_");
        let ty = format::type_text(field_type(space, field.ty));
        let nullable = matches!(space.node(field.ty).kind, Kind::Nullable(_));
        let (kind, ty) = match (field.required, nullable) {
            (true, false) => ("required", ty),
            (true, true) => ("nullable", ty),
            (false, true) => ("optional", ty),
            (false, false) => ("optional", format!("Option<{ty}>")),
        };
        all_optional &= kind != "required";
        let docs = meta.field_docs.get(i).and_then(|v| v.best()).map(docs::rustdoc).unwrap_or_default();
        fields.extend(format::doc_text(&docs, "        "));
        let declaration = format!("        pub {fident}: {ty}");
        let wire = format!("=> {kind}({}),", Literal::string(&field.name));
        if declaration.len() + 1 + wire.len() <= 100 {
            fields.push(format!("{declaration} {wire}"));
        } else {
            fields.push(declaration);
            fields.push(format!("            {wire}"));
        }
    }
    let rest = match s.additional {
        Some(additional) => {
            let ty = format::type_text(space.tokens_with(additional, &none));
            Some(format!("::std::collections::BTreeMap<String, {ty}>"))
        }
        None if s.is_open() => Some("serde_json::Map<String, serde_json::Value>".to_owned()),
        None => None,
    };
    if let Some(ty) = rest {
        let fident = unique(&mut used, "additional_properties".into(), "_");
        fields.push(format!("        ..pub {fident}: {ty}"));
    }
    let default = if all_optional { ", Default" } else { "" };
    let mut lines = vec![format!("    #[derive(Debug, Clone, PartialEq{default})]")];
    if fields.is_empty() {
        lines.push(format!("    pub struct {name} {{}}"));
    } else {
        lines.push(format!("    pub struct {name} {{"));
        lines.extend(fields);
        lines.push("    }".to_owned());
    }
    lines
}

/// The type of a field or variant; recursive types are boxed (inside the `Option`, if any).
fn field_type(space: &TypeSpace, id: TypeId) -> TokenStream {
    let none = TokenStream::new();
    if !space.needs_box(id) {
        return space.tokens_with(id, &none);
    }
    match space.node(id).kind {
        Kind::Nullable(inner) => {
            let inner = space.tokens_with(inner, &none);
            quote!(Option<Box<#inner>>)
        }
        _ => {
            let ty = space.tokens_with(id, &none);
            quote!(Box<#ty>)
        }
    }
}

/// Field indices in the most common documented order (fields are stored sorted by name).
fn documented_order(meta: &crate::ir::types::Meta, len: usize) -> Vec<usize> {
    let order: Option<Vec<usize>> = meta
        .field_order
        .best()
        .map(|o| o.split(',').map(|i| i.parse().ok()).collect::<Option<Vec<usize>>>())
        .unwrap_or(None);
    match order {
        Some(order) if order.len() == len && order.iter().all(|i| *i < len) => order,
        _ => (0..len).collect(),
    }
}

/// A name not in `used` (`id`, then `id_2`, ...), recorded as used.
fn unique(used: &mut BTreeSet<String>, name: String, sep: &str) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        // `type_` + `_2` would be `type__2`, which is not snake case.
        candidate = format!("{}{sep}{n}", name.trim_end_matches('_'));
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// The lines of a string enum inside `runtime::string_enum!`: each variant with its wire value,
/// then the variant that keeps the values the API description does not list.
fn string_enum(name: &str, values: &[String]) -> Vec<String> {
    let mut used = BTreeSet::new();
    let variants: Vec<String> =
        values.iter().map(|v| unique(&mut used, if v.is_empty() { "Empty".into() } else { camel(v) }, "")).collect();
    let other = ["Unknown", "Other", "UnknownValue"]
        .into_iter()
        .find(|n| !used.contains(*n))
        .map(|n| n.to_owned())
        .unwrap_or_else(|| unique(&mut used, "UnknownValue".into(), ""));
    std::iter::once(format!("    pub enum {name} {{"))
        .chain(variants.iter().zip(values).map(|(v, wire)| format!("        {v} = {},", Literal::string(wire))))
        .chain([
            "        /// A value this version of the API description does not list; kept as sent.".to_owned(),
            format!("        {other}(String),"),
            "    }".to_owned(),
        ])
        .collect()
}

fn union(space: &TypeSpace, ident: &proc_macro2::Ident, u: &crate::ir::types::Union) -> TokenStream {
    let mut used = BTreeSet::new();
    let order = space.union_order(u);
    let mut names = Vec::new();
    let mut variants = Vec::new();
    for v in &order {
        let vname = unique(&mut used, variant_name(space, *v), "");
        let vident = format_ident!("{}", vname);
        let ty = field_type(space, *v);
        variants.push(quote!(#vident(#ty),));
        names.push((*v, vident));
    }
    let Some((property, mapping)) = &u.tag else {
        // Untagged: the variant that writes back the most of the value wins (the first of those):
        // serde's own untagged choice takes the first that accepts it, dropping what it ignores.
        let tries: Vec<TokenStream> =
            names.iter().map(|(_, vident)| quote!(untagged_try(&value, &mut best, Self::#vident))).collect();
        let tries = if tries.is_empty() { quote!(false) } else { quote!(#(#tries)||*) };
        let message = format!("data did not match any variant of untagged enum {ident}");
        return quote! {
            #[derive(Debug, Clone, PartialEq, Serialize)]
            #[serde(untagged)]
            pub enum #ident {
                #(#variants)*
            }

            impl<'de> Deserialize<'de> for #ident {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = serde_json::Value::deserialize(deserializer)?;
                    let mut best: Option<((usize, usize), Self)> = None;
                    let start = runtime::object::undeclared();
                    let _exact = #tries;
                    let ((_, undeclared), typed) = best.ok_or_else(|| serde::de::Error::custom(#message))?;
                    runtime::object::set_undeclared(start + undeclared);
                    Ok(typed)
                }
            }
        };
    };
    // Tagged by a discriminator: choose the variant by the tag, keep unknown tags as JSON.
    let other = format_ident!("{}", unique(&mut used, "Unknown".into(), ""));
    let arms = names.iter().filter_map(|(v, vident)| {
        let target = space.resolve(*v);
        let tags: Vec<&String> = mapping
            .iter()
            .filter(|(_, component)| space.component_type(component) == Some(target))
            .map(|(tag, _)| tag)
            .collect();
        (!tags.is_empty()).then(|| {
            quote! {
                #(Some(#tags))|* => serde_json::from_value(value).map(Self::#vident).map_err(serde::de::Error::custom),
            }
        })
    });
    quote! {
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        pub enum #ident {
            #(#variants)*
            /// A value whose tag this version of the API description does not list.
            #other(serde_json::Value),
        }

        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    }
}

fn variant_name(space: &TypeSpace, id: TypeId) -> String {
    let resolved = space.resolve(id);
    if let Some(name) = space.type_name(resolved) {
        return name.to_owned();
    }
    match &space.node(resolved).kind {
        Kind::String(_) => "String",
        Kind::Integer(_) => "Integer",
        Kind::Number => "Number",
        Kind::Boolean => "Boolean",
        Kind::Array(_) => "Array",
        Kind::Map(_) => "Map",
        Kind::Nullable(_) => "Nullable",
        _ => "Value",
    }
    .to_owned()
}
