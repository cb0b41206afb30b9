//! The type space: every schema the operations use, deduplicated and named.
//!
//! Schemas are interned bottom-up ("hash-consing"): a node's key is its structure with its
//! children already replaced by [`TypeId`]s, so two structurally identical schemas (whatever their
//! descriptions, examples or titles say) become one type, nested types included, in time linear
//! in the size of the input. Descriptions, titles, examples and usage sites are kept beside the
//! key ([`Meta`]) and decide docs and names in [`TypeSpace::finish`], never identity.
//!
//! Submodules: [`build`] (schema -> nodes), [`compose`] (allOf merge), [`naming`] (names),
//! [`formats`] (which string formats become chrono/uuid types), [`driver`] (a stand-in that
//! registers every operation's schemas, for tests).

mod build;
pub mod check;
mod compose;
pub mod driver;
pub(crate) mod formats;
mod naming;
pub mod synth;

use std::collections::{BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use openapiv3::{ReferenceOr, Schema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::{Error, GenerateOptions, Warning};

/// Handle to a type registered in a [`TypeSpace`].
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(usize);

/// Where a schema is used: operation, role and property path (`["adminReassign", "Request"]`).
/// Names untitled types; never part of the type's identity.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NameHint(pub Vec<String>);

impl NameHint {
    pub fn new(first: impl Into<String>) -> Self {
        NameHint(vec![first.into()])
    }

    pub fn push(&self, part: impl Into<String>) -> Self {
        let mut parts = self.0.clone();
        parts.push(part.into());
        NameHint(parts)
    }
}

/// Which way data flows; readOnly properties are never required in requests.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Usage {
    Request,
    Response,
    Parameter,
}

/// How a value looks on the wire, for encoding parameters and form bodies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    String,
    Integer,
    Number,
    Boolean,
    /// A string enum (serialised as its wire string).
    Enum,
    Array(TypeId),
    Object,
    Any,
}

/// String formats that may become a dedicated Rust type (decided in [`formats`]).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum StrFormat {
    DateTime,
    Date,
    Uuid,
}

/// The structure of one type; children are already interned. This is the dedup key.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    String(Option<StrFormat>),
    Integer(u8),
    Number,
    Boolean,
    Any,
    Array(TypeId),
    /// `{ string: T }`.
    Map(TypeId),
    /// `T` or `null`.
    Nullable(TypeId),
    Struct(Struct),
    /// A string enum; values in documented order, without `null`.
    Enum(Vec<String>),
    Union(Union),
    /// A recursive component, by name; resolved to the component's type in `finish`.
    Ref(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Struct {
    pub fields: Vec<Field>,
    /// Typed `additionalProperties` beside declared properties: a map of this value type.
    pub additional: Option<TypeId>,
    /// `additionalProperties: false`: members not declared are not kept. Any other object is
    /// open (JSON Schema's default) and keeps them, in order, as JSON values.
    pub closed: bool,
}

impl Struct {
    /// Keeps the members it does not declare as JSON values (not closed, no typed map).
    pub fn is_open(&self) -> bool {
        !self.closed && self.additional.is_none()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Field {
    /// The property name on the wire.
    pub name: String,
    pub ty: TypeId,
    pub required: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Union {
    pub variants: Vec<TypeId>,
    /// The discriminator property and `(tag value, component name)` pairs, if given.
    pub tag: Option<(String, Vec<(String, String)>)>,
}

/// Counts of alternative texts (descriptions, examples); the winner is chosen deterministically.
#[derive(Clone, Debug, Default)]
pub(crate) struct Votes(FxHashMap<String, usize>);

impl Votes {
    pub fn add(&mut self, text: &str) {
        match self.0.get_mut(text) {
            Some(n) => *n += 1,
            None => {
                self.0.insert(text.to_owned(), 1);
            }
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.keys()
    }

    /// Most common, then longest, then smallest: never depends on the order votes came in.
    pub fn best(&self) -> Option<&str> {
        self.0
            .iter()
            .max_by(|(a, n), (b, m)| n.cmp(m).then(a.len().cmp(&b.len())).then_with(|| b.cmp(a)))
            .map(|(s, _)| s.as_str())
    }
}

impl<'a> Extend<&'a str> for Votes {
    fn extend<I: IntoIterator<Item = &'a str>>(&mut self, texts: I) {
        for text in texts {
            self.add(text);
        }
    }
}

/// Everything about a node that is not its identity.
#[derive(Clone, Debug, Default)]
pub(crate) struct Meta {
    pub titles: Votes,
    pub components: BTreeSet<String>,
    /// Names from usage sites (`add` hints).
    pub hints: BTreeSet<String>,
    /// `(status, operation)` of every response body this type is (hint `[op, "Response", status]`).
    pub responses: BTreeSet<(String, String)>,
    /// `(parent, role)`: the role is the camel-case suffix a child name gets (`ReassignTo`).
    pub parents: BTreeSet<(TypeId, String)>,
    pub descriptions: Votes,
    /// Per struct field: descriptions and examples (as JSON text).
    pub field_docs: Vec<Votes>,
    pub field_examples: Vec<Votes>,
    /// Documented property order, as comma-separated indices into the (sorted) fields.
    pub field_order: Votes,
    /// Schema-level `example` values (JSON text).
    pub examples: Votes,
    pub deprecated: bool,
    /// How many schema occurrences became this node.
    pub uses: usize,
}

impl Meta {
    /// Field indices in the most common documented order (fields are stored sorted by name): the
    /// order the generated struct declares, reads and writes them in.
    pub fn documented_order(&self, len: usize) -> Vec<usize> {
        let order: Option<Vec<usize>> = self
            .field_order
            .best()
            .map(|o| o.split(',').map(|i| i.parse().ok()).collect::<Option<Vec<usize>>>())
            .unwrap_or(None);
        match order {
            Some(order) if order.len() == len && order.iter().all(|i| *i < len) => order,
            _ => (0..len).collect(),
        }
    }
}

pub(crate) struct Node {
    pub kind: Kind,
    pub meta: Meta,
    /// Structural hash that does not depend on interning order, for deterministic tie-breaks.
    pub fingerprint: u64,
}

/// All types of one generated crate.
pub struct TypeSpace {
    components: indexmap::IndexMap<String, ReferenceOr<Schema>>,
    /// Components that take part in a reference cycle: always referred to by name (`Kind::Ref`).
    cyclic: BTreeSet<String>,
    nodes: Vec<Node>,
    by_kind: FxHashMap<Kind, TypeId>,
    /// Component name -> its interned type (non-cyclic, or cyclic once built).
    component_ids: HashMap<String, TypeId>,
    /// Components being built (cycle guard for malformed input).
    building: BTreeSet<String>,
    examples: Vec<(TypeId, String, serde_json::Value)>,
    /// Instances synthesised from the schemas ([`synth`]), like `examples`.
    synthesised: Vec<(TypeId, String, serde_json::Value)>,
    synthesised_types: rustc_hash::FxHashSet<TypeId>,
    /// Final names of named nodes (structs, enums, unions), set by `finish`.
    names: HashMap<TypeId, String>,
    formats: formats::Decision,
}

impl TypeSpace {
    pub fn new(api: &openapiv3::OpenAPI, _options: &GenerateOptions) -> Self {
        let components = api.components.as_ref().map(|c| c.schemas.clone()).unwrap_or_default();
        let cyclic = build::cyclic_components(&components);
        TypeSpace {
            components,
            cyclic,
            nodes: Vec::new(),
            by_kind: FxHashMap::default(),
            component_ids: HashMap::new(),
            building: BTreeSet::new(),
            examples: Vec::new(),
            synthesised: Vec::new(),
            synthesised_types: Default::default(),
            names: HashMap::new(),
            formats: formats::Decision::default(),
        }
    }

    /// Gives every component schema that no operation or webhook reached (a schema page, an
    /// unused component of a document) a type of its own: what the API documents is not dropped.
    pub fn add_unreached_components(&mut self, warnings: &mut Vec<Warning>) {
        let unreached: Vec<String> =
            self.components.keys().filter(|name| !self.component_ids.contains_key(*name)).cloned().collect();
        for name in unreached {
            let schema = ReferenceOr::Reference { reference: format!("#/components/schemas/{name}") };
            self.add(&schema, &NameHint::new(name.as_str()), Usage::Response, warnings);
        }
    }

    /// Registers a schema used at `hint` and returns its type.
    pub fn add(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &NameHint,
        usage: Usage,
        warnings: &mut Vec<Warning>,
    ) -> TypeId {
        let place = hint.0.join(" ");
        let mut builder = build::Builder { space: self, usage, warnings, place: &place, scratch: String::new() };
        let id = builder.schema_or_ref(schema, 0);
        let id = self.resolve(id);
        // Bodies only (parameters are text), and once per type: the first site's schema.
        if usage != Usage::Parameter && self.synthesised_types.insert(id) {
            for value in synth::instances(schema, &self.components) {
                self.synthesised.push((id, place.clone(), value));
            }
        }
        let name = crate::ir::names::camel(&hint.0.join(" "));
        let meta = &mut self.nodes[id.0].meta;
        meta.hints.insert(name);
        if let [op, role, status] = hint.0.as_slice() {
            if role == "Response" {
                meta.responses.insert((status.clone(), op.clone()));
            }
        }
        id
    }

    /// Records a documented example (`label` says where it came from) for the example tests.
    pub fn add_example(&mut self, id: TypeId, label: String, value: serde_json::Value) {
        self.examples.push((id, label, value));
    }

    /// Names every type. Called once, after all `add` calls.
    pub fn finish(&mut self, options: &GenerateOptions, warnings: &mut Vec<Warning>) -> Result<(), Error> {
        self.formats = formats::decide(self);
        self.names = naming::assign(self, options, warnings);
        // Examples sorted so the generated tests never depend on the order they were added in.
        let mut examples = std::mem::take(&mut self.examples);
        examples.sort_by_cached_key(|(id, label, value)| (self.name_of(*id), label.clone(), value.to_string()));
        examples.dedup_by(|a, b| a.0 == b.0 && a.2 == b.2);
        self.examples = examples;
        let mut synthesised = std::mem::take(&mut self.synthesised);
        synthesised.sort_by_cached_key(|(id, _, value)| (self.name_of(*id), value.to_string()));
        synthesised.dedup_by(|a, b| a.0 == b.0 && a.2 == b.2);
        let mut count: HashMap<TypeId, usize> = HashMap::new();
        for (id, label, _) in &mut synthesised {
            let n = count.entry(*id).or_default();
            *n += 1;
            let name = self.type_name(*id).map_or_else(|| label.clone(), str::to_owned);
            *label = format!("{name} synthesised {n}");
        }
        self.synthesised = synthesised;
        Ok(())
    }

    /// The Rust type for `id`, as written in any direct child module of the crate root
    /// (`super::types::TaskStatus`, `Vec<String>`, `serde_json::Value`).
    pub fn tokens(&self, id: TypeId) -> TokenStream {
        self.tokens_with(id, &quote!(super::types::))
    }

    /// How values of `id` look on the wire.
    pub fn shape(&self, id: TypeId) -> Shape {
        let id = self.resolve(id);
        match &self.nodes[id.0].kind {
            Kind::String(_) => Shape::String,
            Kind::Integer(_) => Shape::Integer,
            Kind::Number => Shape::Number,
            Kind::Boolean => Shape::Boolean,
            Kind::Enum(_) => Shape::Enum,
            Kind::Array(item) => Shape::Array(*item),
            Kind::Nullable(inner) => self.shape(*inner),
            Kind::Map(_) | Kind::Struct(_) => Shape::Object,
            Kind::Any | Kind::Union(_) | Kind::Ref(_) => Shape::Any,
        }
    }

    /// Whether `id` is written `serde_json::Value` (structs, enums and unions are all named).
    pub fn is_json_value(&self, id: TypeId) -> bool {
        matches!(self.nodes[self.resolve(id).0].kind, Kind::Any | Kind::Ref(_))
    }

    /// Whether the Rust type of `id` names a type of module `types` (`Vec<Account>` does).
    pub fn mentions_named(&self, id: TypeId) -> bool {
        let id = self.resolve(id);
        match &self.nodes[id.0].kind {
            Kind::Array(inner) | Kind::Map(inner) | Kind::Nullable(inner) => self.mentions_named(*inner),
            _ => self.names.contains_key(&id),
        }
    }

    /// The types `id` refers to directly (fields, items, variants), resolved.
    pub fn children(&self, id: TypeId) -> Vec<TypeId> {
        let ids: Vec<TypeId> = match &self.nodes[self.resolve(id).0].kind {
            Kind::Array(inner) | Kind::Map(inner) | Kind::Nullable(inner) => vec![*inner],
            Kind::Struct(s) => s.fields.iter().map(|f| f.ty).chain(s.additional).collect(),
            Kind::Union(u) => u.variants.clone(),
            _ => Vec::new(),
        };
        ids.into_iter().map(|id| self.resolve(id)).collect()
    }

    /// The final name of a named type (struct, enum, union); `None` for builtins.
    pub fn type_name(&self, id: TypeId) -> Option<&str> {
        self.names.get(&self.resolve(id)).map(String::as_str)
    }

    /// Number of named types (what `src/types.rs` defines).
    pub fn named_count(&self) -> usize {
        self.names.len()
    }

    /// Instances synthesised from the schemas of request and response bodies ([`synth`]).
    pub fn synthesised(&self) -> &[(TypeId, String, serde_json::Value)] {
        &self.synthesised
    }

    /// Examples recorded with [`Self::add_example`], sorted by type name and label.
    pub fn examples(&self) -> &[(TypeId, String, serde_json::Value)] {
        &self.examples
    }

    // ---- crate-internal accessors for the emitter ----

    pub(crate) fn node(&self, id: TypeId) -> &Node {
        &self.nodes[id.0]
    }

    pub(crate) fn ids(&self) -> impl Iterator<Item = TypeId> {
        (0..self.nodes.len()).map(TypeId)
    }

    /// The type of a schema component, once something referred to it.
    pub(crate) fn component_type(&self, name: &str) -> Option<TypeId> {
        self.component_ids.get(name).map(|id| self.resolve(*id))
    }

    fn name_of(&self, id: TypeId) -> String {
        self.type_name(id).unwrap_or_default().to_owned()
    }

    /// Follows `Kind::Ref` to the component's type.
    pub(crate) fn resolve(&self, mut id: TypeId) -> TypeId {
        for _ in 0..64 {
            match &self.nodes[id.0].kind {
                Kind::Ref(name) => match self.component_ids.get(name) {
                    Some(target) if *target != id => id = *target,
                    _ => return id,
                },
                _ => return id,
            }
        }
        id
    }

    /// The format a string of `format` is written as (`None`: a `String`).
    pub(crate) fn typed_format(&self, format: Option<StrFormat>) -> Option<StrFormat> {
        format.filter(|f| self.formats.uses(*f))
    }

    /// Whether a field or variant of this type must be boxed (it refers to a recursive type).
    pub(crate) fn needs_box(&self, id: TypeId) -> bool {
        match &self.nodes[id.0].kind {
            Kind::Ref(_) => true,
            Kind::Nullable(inner) => matches!(self.nodes[inner.0].kind, Kind::Ref(_)),
            _ => false,
        }
    }

    /// Tokens with named types written as `#prefix Name` (`super::types::`, `crate_x::types::`,
    /// or nothing inside the types module).
    pub(crate) fn tokens_with(&self, id: TypeId, prefix: &TokenStream) -> TokenStream {
        let id = self.resolve(id);
        match &self.nodes[id.0].kind {
            Kind::String(format) => match self.typed_format(*format) {
                Some(StrFormat::DateTime) => quote!(chrono::DateTime<chrono::Utc>),
                Some(StrFormat::Date) => quote!(chrono::NaiveDate),
                Some(StrFormat::Uuid) => quote!(uuid::Uuid),
                None => quote!(String),
            },
            Kind::Integer(bits) => {
                let ident = format_ident!("i{}", bits);
                quote!(#ident)
            }
            Kind::Number => quote!(f64),
            Kind::Boolean => quote!(bool),
            Kind::Any | Kind::Ref(_) => quote!(serde_json::Value),
            Kind::Array(item) => {
                let item = self.tokens_with(*item, prefix);
                quote!(Vec<#item>)
            }
            Kind::Map(value) => {
                let value = self.tokens_with(*value, prefix);
                quote!(::std::collections::BTreeMap<String, #value>)
            }
            Kind::Nullable(inner) => {
                let inner = self.tokens_with(*inner, prefix);
                quote!(Option<#inner>)
            }
            Kind::Struct(_) | Kind::Enum(_) | Kind::Union(_) => match self.names.get(&id) {
                Some(name) => {
                    let ident = format_ident!("{}", name);
                    quote!(#prefix #ident)
                }
                None => quote!(serde_json::Value),
            },
        }
    }

    /// The variants of a union in the order they are tried: most specific first.
    pub(crate) fn union_order(&self, u: &Union) -> Vec<TypeId> {
        let mut order = u.variants.clone();
        order.sort_by_key(|v| self.specificity(*v));
        order
    }

    /// Sort key for untagged variants: structs with more required fields first, catch-alls last.
    fn specificity(&self, id: TypeId) -> (u8, std::cmp::Reverse<usize>, String) {
        let resolved = self.resolve(id);
        let name = self.type_name(resolved).unwrap_or_default().to_owned();
        match &self.node(resolved).kind {
            Kind::Struct(s) => {
                (0, std::cmp::Reverse(s.fields.iter().filter(|f| f.required).count() * 1000 + s.fields.len()), name)
            }
            Kind::Enum(_) => (1, std::cmp::Reverse(0), name),
            Kind::Integer(_) | Kind::Boolean => (2, std::cmp::Reverse(0), name),
            Kind::Number => (3, std::cmp::Reverse(0), name),
            Kind::String(_) => (4, std::cmp::Reverse(0), name),
            Kind::Array(_) | Kind::Union(_) | Kind::Nullable(_) => (5, std::cmp::Reverse(0), name),
            Kind::Map(_) => (6, std::cmp::Reverse(0), name),
            Kind::Any | Kind::Ref(_) => (7, std::cmp::Reverse(0), name),
        }
    }

    /// Interns a node: the existing identical one, or a new one without metadata (`true`).
    pub(crate) fn intern(&mut self, kind: Kind) -> (TypeId, bool) {
        if let Some(&id) = self.by_kind.get(&kind) {
            return (id, false);
        }
        let id = TypeId(self.nodes.len());
        let fingerprint = self.fingerprint(&kind);
        self.by_kind.insert(kind.clone(), id);
        self.nodes.push(Node { kind, meta: Meta::default(), fingerprint });
        (id, true)
    }

    fn fingerprint(&self, kind: &Kind) -> u64 {
        use std::hash::{Hash, Hasher};
        // SipHash with fixed keys: stable across runs, unlike `RandomState`.
        #[allow(deprecated)]
        let mut h = std::hash::SipHasher::new();
        let child = |id: &TypeId| self.nodes[id.0].fingerprint;
        std::mem::discriminant(kind).hash(&mut h);
        match kind {
            Kind::String(f) => f.hash(&mut h),
            Kind::Integer(b) => b.hash(&mut h),
            Kind::Number | Kind::Boolean | Kind::Any => {}
            Kind::Array(i) | Kind::Map(i) | Kind::Nullable(i) => child(i).hash(&mut h),
            Kind::Struct(s) => {
                for f in &s.fields {
                    (&f.name, child(&f.ty), f.required).hash(&mut h);
                }
                s.additional.as_ref().map(child).hash(&mut h);
                s.closed.hash(&mut h);
            }
            Kind::Enum(values) => values.hash(&mut h),
            Kind::Union(u) => {
                for v in &u.variants {
                    child(v).hash(&mut h);
                }
                u.tag.hash(&mut h);
            }
            Kind::Ref(name) => name.hash(&mut h),
        }
        h.finish()
    }
}

/// Names used by the emitted code or the prelude inside the `types` module: never type names.
pub(crate) const RESERVED: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "ToString",
    "ToOwned",
    "Unpin",
    "FromIterator",
    "Serialize",
    "Deserialize",
    "Self",
];
