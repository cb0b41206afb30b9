//! The type space: every schema the operations use, deduplicated and named.
//!
//! STUB: maps every schema to `serde_json::Value` until the real type space lands. The public
//! interface below is the contract the operations IR and the emitters rely on.

use openapiv3::{ReferenceOr, Schema};
use proc_macro2::TokenStream;
use quote::quote;

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

/// All types of one generated crate.
pub struct TypeSpace {
    examples: Vec<(TypeId, String, serde_json::Value)>,
}

impl TypeSpace {
    pub fn new(_api: &openapiv3::OpenAPI, _options: &GenerateOptions) -> Self {
        TypeSpace {
            examples: Vec::new(),
        }
    }

    /// Registers a schema used at `hint` and returns its type.
    pub fn add(
        &mut self,
        _schema: &ReferenceOr<Schema>,
        _hint: &NameHint,
        _usage: Usage,
        _warnings: &mut Vec<Warning>,
    ) -> TypeId {
        TypeId(0)
    }

    /// Records a documented example (`label` says where it came from) for the example tests.
    pub fn add_example(&mut self, id: TypeId, label: String, value: serde_json::Value) {
        self.examples.push((id, label, value));
    }

    /// Names every type. Called once, after all `add` calls.
    pub fn finish(
        &mut self,
        _options: &GenerateOptions,
        _warnings: &mut Vec<Warning>,
    ) -> Result<(), Error> {
        Ok(())
    }

    /// The Rust type for `id`, as written in the crate's `client` module
    /// (`types::TaskStatus`, `Vec<String>`, `serde_json::Value`).
    pub fn tokens(&self, _id: TypeId) -> TokenStream {
        quote!(serde_json::Value)
    }

    pub fn shape(&self, _id: TypeId) -> Shape {
        Shape::Any
    }
}
