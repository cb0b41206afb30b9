//! The `types` module (structs and string enums laid out inside the runtime's macros, unions as
//! tokens) and the example round-trip tests.

pub mod derives;
mod examples;

use std::collections::{BTreeSet, HashMap};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use crate::emit::gate;
use crate::format;
use crate::ir::features::Features;
use crate::ir::names::{camel, snake};
use crate::ir::types::{Kind, TypeId, TypeSpace};

pub use derives::Derives;

pub use examples::{example_tests, example_tests_with};

/// How the types are written: with the runtime's macros or serde's derive, the derives users
/// add, and the tag features each type is compiled with.
#[derive(Default)]
pub struct Style {
    pub serde_derive: bool,
    pub derives: Derives,
    /// The features of the types (resolved) that not every build compiles.
    pub gates: HashMap<TypeId, Vec<String>>,
}

impl Style {
    /// The style of `options` (its warnings: the derives some types cannot take).
    pub fn of(
        space: &TypeSpace,
        options: &crate::GenerateOptions,
        features: &Features,
        warnings: &mut Vec<crate::Warning>,
    ) -> Style {
        let derives = Derives::plan(space, &options.extra_derives, options.serde_derive, warnings);
        let gates = space
            .ids()
            .filter_map(|id| features.names(&features.of_type(id)).map(|names| (id, names)))
            .map(|(id, names)| (id, names.into_iter().map(str::to_owned).collect()))
            .collect();
        Style { serde_derive: options.serde_derive, derives, gates }
    }

    /// The features type `id` (resolved) is compiled with; none when always.
    pub fn gate(&self, id: TypeId) -> Vec<&str> {
        self.gates.get(&id).into_iter().flatten().map(String::as_str).collect()
    }

    /// The features any of the types `ids` is compiled with; none when one of them is always.
    fn gate_of_any(&self, mut ids: impl Iterator<Item = TypeId>) -> Vec<&str> {
        let mut names = BTreeSet::new();
        let always = ids.any(|id| match self.gates.get(&id) {
            Some(gate) => {
                names.extend(gate.iter().map(String::as_str));
                false
            }
            None => true,
        });
        if always {
            Vec::new()
        } else {
            names.into_iter().collect()
        }
    }
}

/// The `types` module in the default style.
pub fn module(space: &TypeSpace) -> TokenStream {
    module_with(space, &Style::default())
}

/// The `types` module: every named type with its wire form and docs, ordered by name.
pub fn module_with(space: &TypeSpace, style: &Style) -> TokenStream {
    let mut named: Vec<(&str, TypeId)> = space
        .ids()
        .filter_map(|id| space.type_name(id).map(|n| (n, id)))
        .filter(|(_, id)| space.resolve(*id) == *id)
        .collect();
    named.sort();
    named.dedup_by_key(|(n, _)| *n);
    let items = named.iter().map(|(name, id)| item(space, style, name, *id));
    // The `cfg` of what the types of a kind need: compiled with any of them; `None` for no type.
    let gate_of = |kind: &dyn Fn(&Kind) -> bool| {
        let mut ids = named.iter().map(|(_, id)| *id).filter(|id| kind(&space.node(*id).kind)).peekable();
        ids.peek().is_some().then(|| gate::attr(&style.gate_of_any(ids)))
    };
    let untagged = |k: &Kind| matches!(k, Kind::Union(u) if u.tag.is_none());
    let helpers = gate_of(&untagged).map(|cfg| {
        quote! {
            /// How many members of `value` are not in `back`, what a typed variant wrote back
            /// of it: an untagged union keeps the variant that loses the least.
            #cfg
            fn untagged_loss(value: &serde_json::Value, back: &serde_json::Value) -> usize {
                use serde_json::Value;
                match (value, back) {
                    (Value::Object(a), Value::Object(b)) => a
                        .iter()
                        .map(|(k, v)| match b.get(k) {
                            Some(w) => untagged_loss(v, w),
                            None => usize::from(!v.is_null()),
                        })
                        .sum(),
                    (Value::Array(a), Value::Array(b)) => {
                        a.iter().zip(b).map(|(v, w)| untagged_loss(v, w)).sum::<usize>() + a.len().saturating_sub(b.len())
                    }
                    // Written back as another kind of value (an array read as a struct).
                    (Value::Array(_) | Value::Object(_), _) | (_, Value::Array(_) | Value::Object(_)) => 1,
                    _ => 0,
                }
            }

            /// Tries one variant of an untagged union: keeps it in `best` if it loses less of
            /// `value` than the best so far, or as little but declares more of it (open objects
            /// keep what they do not declare); true when it loses nothing and declares all.
            #cfg
            fn untagged_try<T: runtime::FromJson, U: runtime::ToJson>(
                value: &serde_json::Value,
                best: &mut Option<((usize, usize), U)>,
                variant: fn(T) -> U,
            ) -> bool {
                let before = runtime::object::undeclared();
                let typed = T::from_json(value.clone());
                let undeclared = runtime::object::undeclared() - before;
                runtime::object::set_undeclared(before);
                let Ok(typed) = typed else {
                    return false;
                };
                let candidate = variant(typed);
                let score = (untagged_loss(value, &candidate.to_json()), undeclared);
                if best.as_ref().is_none_or(|(n, _)| score < *n) {
                    *best = Some((score, candidate));
                }
                score == (0, 0)
            }
        }
    });
    // The runtime's macros write structs and string enums, and every type reads JSON through
    // the runtime's `FromJson` (with serde's derive, by way of the derived `Deserialize`).
    let runtime = gate_of(&|k| matches!(k, Kind::Struct(_) | Kind::Enum(_) | Kind::Union(_))).map(|cfg| {
        quote!(
            #cfg
            use super::runtime;
        )
    });
    let serde = gate_of(&|k| match k {
        Kind::Union(_) => true,
        Kind::Struct(_) | Kind::Enum(_) => style.serde_derive,
        _ => false,
    })
    .map(|cfg| {
        quote!(
            #cfg
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

fn item(space: &TypeSpace, style: &Style, name: &str, id: TypeId) -> TokenStream {
    let node = space.node(id);
    let docs = node.meta.descriptions.best().map(docs::rustdoc).unwrap_or_default();
    // A doc note, not `#[deprecated]`: the crate itself refers to the type and must build cleanly.
    let deprecated = node.meta.deprecated.then_some(["", " **Deprecated** in the API description."]);
    let docs: Vec<String> = docs.into_iter().chain(deprecated.into_iter().flatten().map(str::to_owned)).collect();
    let extra: Vec<&str> = style.derives.of(id).collect();
    let gate = style.gate(id);
    let cfg = gate::attr(&gate);
    // Structs and string enums are declared inside the runtime's macros, laid out here.
    let declare = |macro_name: &str, body: Vec<String>| {
        let head = gate::attr_lines(&gate, "")
            .into_iter()
            .chain([format!("runtime::{macro_name}! {{")])
            .chain(format::doc_text(&docs, "    "));
        format::verbatim_item(head.chain(body).chain(["}".to_owned()]).collect())
    };
    let with_docs = |item: TokenStream| {
        let docs = format::doc_attrs(docs.clone());
        quote! {
            #docs
            #item
        }
    };
    match &node.kind {
        Kind::Struct(s) if style.serde_derive => with_docs(serde_structure(space, name, id, s, &extra, &cfg)),
        Kind::Struct(s) => declare("object", structure(space, name, id, s, &extra)),
        Kind::Enum(values) if style.serde_derive => with_docs(serde_string_enum(name, values, &extra, &cfg)),
        Kind::Enum(values) => declare("string_enum", string_enum(name, values, &extra)),
        Kind::Union(u) => with_docs(union(space, &format_ident!("{}", name), u, &extra, &cfg)),
        _ => TokenStream::new(),
    }
}

/// A field as both forms write it.
struct Member {
    ident: String,
    /// With the `Option` of an optional field.
    ty: TokenStream,
    /// `required`, `nullable` or `optional` (see the runtime's `object!`).
    kind: &'static str,
    wire: String,
    docs: Vec<String>,
}

/// The fields of a struct in documented order, and the map of the members it does not declare
/// (with whether it is the open object's JSON map).
fn members(
    space: &TypeSpace,
    id: TypeId,
    s: &crate::ir::types::Struct,
) -> (Vec<Member>, Option<(String, TokenStream, bool)>) {
    let meta = &space.node(id).meta;
    let none = TokenStream::new();
    let mut used = BTreeSet::new();
    let mut members = Vec::new();
    for i in meta.documented_order(s.fields.len()) {
        let field = &s.fields[i];
        let ident = unique(&mut used, snake(&field.name), "_");
        let ty = field_type(space, field.ty);
        let nullable = matches!(space.node(field.ty).kind, Kind::Nullable(_));
        let (kind, ty) = match (field.required, nullable) {
            (true, false) => ("required", ty),
            (true, true) => ("nullable", ty),
            (false, true) => ("optional", ty),
            (false, false) => ("optional", quote!(Option<#ty>)),
        };
        let docs = meta.field_docs.get(i).and_then(|v| v.best()).map(docs::rustdoc).unwrap_or_default();
        members.push(Member { ident, ty, kind, wire: field.name.clone(), docs });
    }
    let rest = match s.additional {
        Some(additional) => {
            let ty = space.tokens_with(additional, &none);
            Some((quote!(::std::collections::BTreeMap<String, #ty>), false))
        }
        None if s.is_open() => Some((quote!(serde_json::Map<String, serde_json::Value>), true)),
        None => None,
    };
    let rest = rest.map(|(ty, open)| (unique(&mut used, "additional_properties".into(), "_"), ty, open));
    (members, rest)
}

/// The derives of a struct: `Default` when every field is optional, then the users'.
fn struct_derives<'a>(members: &[Member], extra: &[&'a str], serde_derive: bool) -> Vec<&'a str> {
    let default = members.iter().all(|m| m.kind != "required");
    let serde: &[&str] = if serde_derive { &["Serialize", "Deserialize"] } else { &[] };
    ["Debug", "Clone", "PartialEq"]
        .into_iter()
        .chain(default.then_some("Default"))
        .chain(serde.iter().copied())
        .chain(extra.iter().copied())
        .collect()
}

/// The lines of a struct inside `runtime::object!`: each field with its kind and wire name.
fn structure(space: &TypeSpace, name: &str, id: TypeId, s: &crate::ir::types::Struct, extra: &[&str]) -> Vec<String> {
    let (members, rest) = members(space, id, s);
    let mut fields = Vec::new();
    for member in &members {
        fields.extend(format::doc_text(&member.docs, "        "));
        let declaration = format!("        pub {}: {}", member.ident, format::type_text(member.ty.clone()));
        let wire = format!("=> {}({}),", member.kind, Literal::string(&member.wire));
        if declaration.len() + 1 + wire.len() <= 100 {
            fields.push(format!("{declaration} {wire}"));
        } else {
            fields.push(declaration);
            fields.push(format!("            {wire}"));
        }
    }
    if let Some((ident, ty, _)) = rest {
        fields.push(format!("        ..pub {ident}: {}", format::type_text(ty)));
    }
    let derives = struct_derives(&members, extra, false);
    let mut lines = vec![format!("    #[derive({})]", derives.join(", "))];
    if fields.is_empty() {
        lines.push(format!("    pub struct {name} {{}}"));
    } else {
        lines.push(format!("    pub struct {name} {{"));
        lines.extend(fields);
        lines.push("    }".to_owned());
    }
    lines
}

/// A struct with serde's derive: the wire names and the kinds as serde attributes.
fn serde_structure(
    space: &TypeSpace,
    name: &str,
    id: TypeId,
    s: &crate::ir::types::Struct,
    extra: &[&str],
    cfg: &TokenStream,
) -> TokenStream {
    let (members, rest) = members(space, id, s);
    let derives = paths(&struct_derives(&members, extra, true));
    let fields = members.iter().map(|member| {
        let docs = format::doc_attrs(member.docs.clone());
        let ident = format_ident!("{}", member.ident);
        let ty = &member.ty;
        let rename = (member.ident != member.wire).then(|| {
            let wire = &member.wire;
            quote!(rename = #wire,)
        });
        // A missing `Option` is read as `None` by serde's derive; only writing differs.
        let skip = (member.kind == "optional").then(|| quote!(skip_serializing_if = "Option::is_none",));
        let attr = (rename.is_some() || skip.is_some()).then(|| quote!(#[serde(#rename #skip)]));
        quote! {
            #docs
            #attr
            pub #ident: #ty,
        }
    });
    let rest = rest.map(|(ident, ty, open)| {
        let ident = format_ident!("{}", ident);
        // The open object's map counts what it keeps, for untagged unions to choose by.
        let attr = if open {
            quote!(#[serde(flatten, deserialize_with = "runtime::object::undeclared_members")])
        } else {
            quote!(#[serde(flatten)])
        };
        quote! {
            /// Properties not declared above.
            #attr
            pub #ident: #ty,
        }
    });
    let ident = format_ident!("{}", name);
    quote! {
        #cfg
        #[derive(#(#derives),*)]
        pub struct #ident {
            #(#fields)*
            #rest
        }

        #cfg
        runtime::object::by_serde!(#ident);
    }
}

/// Derive paths as tokens (checked by `derives::validate`).
fn paths(derives: &[&str]) -> Vec<syn::Path> {
    derives.iter().filter_map(|d| syn::parse_str(d).ok()).collect()
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

/// The variant names of a string enum, and that of the variant which keeps the values the API
/// description does not list.
fn enum_variants(values: &[String]) -> (Vec<String>, String) {
    let mut used = BTreeSet::new();
    let variants: Vec<String> =
        values.iter().map(|v| unique(&mut used, if v.is_empty() { "Empty".into() } else { camel(v) }, "")).collect();
    let other = ["Unknown", "Other", "UnknownValue"]
        .into_iter()
        .find(|n| !used.contains(*n))
        .map(|n| n.to_owned())
        .unwrap_or_else(|| unique(&mut used, "UnknownValue".into(), ""));
    (variants, other)
}

const OTHER_DOC: &str = " A value this version of the API description does not list; kept as sent.";

/// The lines of a string enum inside `runtime::string_enum!`: each variant with its wire value,
/// then the variant that keeps the values the API description does not list.
fn string_enum(name: &str, values: &[String], extra: &[&str]) -> Vec<String> {
    let (variants, other) = enum_variants(values);
    let derives = (!extra.is_empty()).then(|| format!("    #[derive({})]", extra.join(", ")));
    derives
        .into_iter()
        .chain([format!("    pub enum {name} {{")])
        .chain(variants.iter().zip(values).map(|(v, wire)| format!("        {v} = {},", Literal::string(wire))))
        .chain([format!("        ///{OTHER_DOC}"), format!("        {other}(String),"), "    }".to_owned()])
        .collect()
}

/// A string enum with serde's derive (the catch-all variant `untagged`), and its text form
/// (`as_str`, `Display`, `FromStr`) from the runtime's `string_enum_text!`.
fn serde_string_enum(name: &str, values: &[String], extra: &[&str], cfg: &TokenStream) -> TokenStream {
    let (variants, other) = enum_variants(values);
    let std = ["Debug", "Clone", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord", "Serialize", "Deserialize"];
    let derives = paths(&std.into_iter().chain(extra.iter().copied()).collect::<Vec<_>>());
    let idents: Vec<_> = variants.iter().map(|v| format_ident!("{}", v)).collect();
    let docs = values.iter().map(|wire| format!(" `{}`", Literal::string(wire)));
    let (ident, other) = (format_ident!("{}", name), format_ident!("{}", other));
    quote! {
        #cfg
        #[derive(#(#derives),*)]
        pub enum #ident {
            #(
                #[doc = #docs]
                #[serde(rename = #values)]
                #idents,
            )*
            #[doc = #OTHER_DOC]
            #[serde(untagged)]
            #other(::std::string::String),
        }

        #cfg
        runtime::string_enum_text!(#ident { #(#idents = #values,)* } #other);

        #cfg
        runtime::object::by_serde!(#ident);
    }
}

fn union(
    space: &TypeSpace,
    ident: &proc_macro2::Ident,
    u: &crate::ir::types::Union,
    extra: &[&str],
    cfg: &TokenStream,
) -> TokenStream {
    let derives = paths(&["Debug", "Clone", "PartialEq"].into_iter().chain(extra.iter().copied()).collect::<Vec<_>>());
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
    // Written as the variant's value (an unknown tag's value as it came).
    let other = u.tag.as_ref().map(|_| format_ident!("{}", unique(&mut used, "Unknown".into(), "")));
    let writes = names.iter().map(|(_, vident)| vident).chain(&other);
    let to_json = if names.is_empty() && other.is_none() {
        quote!(match *self {})
    } else {
        quote!(match self { #(Self::#writes(value) => runtime::ToJson::to_json(value),)* })
    };
    let serde = quote! {
        #cfg
        impl runtime::ToJson for #ident {
            fn to_json(&self) -> serde_json::Value {
                #to_json
            }
        }

        #cfg
        impl Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                runtime::object::serialize(self, serializer)
            }
        }

        #cfg
        impl<'de> Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                runtime::object::deserialize(deserializer)
            }
        }
    };
    let (Some((property, mapping)), Some(other)) = (&u.tag, &other) else {
        // Untagged: the variant that writes back the most of the value wins (the first of those):
        // serde's own untagged choice takes the first that accepts it, dropping what it ignores.
        let tries: Vec<TokenStream> =
            names.iter().map(|(_, vident)| quote!(untagged_try(&value, &mut best, Self::#vident))).collect();
        let tries = if tries.is_empty() { quote!(false) } else { quote!(#(#tries)||*) };
        let message = format!("data did not match any variant of untagged enum {ident}");
        return quote! {
            #cfg
            #[derive(#(#derives),*)]
            pub enum #ident {
                #(#variants)*
            }

            #cfg
            impl runtime::FromJson for #ident {
                fn from_json(value: serde_json::Value) -> ::std::result::Result<Self, runtime::Misfit> {
                    let mut best: Option<((usize, usize), Self)> = None;
                    let start = runtime::object::undeclared();
                    let _exact = #tries;
                    let Some(((_, undeclared), typed)) = best else {
                        return Err(runtime::Misfit::new(#message));
                    };
                    runtime::object::set_undeclared(start + undeclared);
                    Ok(typed)
                }
            }

            #serde
        };
    };
    // Tagged by a discriminator: choose the variant by the tag, keep unknown tags as JSON.
    let arms = names.iter().filter_map(|(v, vident)| {
        let target = space.resolve(*v);
        let tags: Vec<&String> = mapping
            .iter()
            .filter(|(_, component)| space.component_type(component) == Some(target))
            .map(|(tag, _)| tag)
            .collect();
        (!tags.is_empty()).then(|| {
            quote! {
                #(Some(#tags))|* => runtime::FromJson::from_json(value).map(Self::#vident),
            }
        })
    });
    quote! {
        #cfg
        #[derive(#(#derives),*)]
        pub enum #ident {
            #(#variants)*
            /// A value whose tag this version of the API description does not list.
            #other(serde_json::Value),
        }

        #cfg
        impl runtime::FromJson for #ident {
            fn from_json(value: serde_json::Value) -> ::std::result::Result<Self, runtime::Misfit> {
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }

        #serde
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
