//! Positions inside an OpenAPI document held as JSON: whether a value is a schema, a map or
//! list of schemas, example data, or anything else. Shared by the `$ref` resolver and the
//! tolerance pass, which must both know what a key means before touching it.

/// Where a value sits in an OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A schema object.
    Schema,
    /// A map of name -> schema (`properties`, `components.schemas`).
    SchemaMap,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`).
    SchemaList,
    /// Example values, defaults, enums: data, never interpreted.
    Data,
    /// Anything else in the document.
    Other,
}

impl Pos {
    /// The position of the value under `key` (or of a list element, for lists).
    pub fn child(self, key: &str) -> Pos {
        match (self, key) {
            (Pos::Data, _) => Pos::Data,
            // Extensions are opaque, whatever they contain (pagegen keeps examples in some).
            (Pos::Schema | Pos::Other, k) if k.starts_with("x-") => Pos::Data,
            (Pos::SchemaMap, _) | (Pos::SchemaList, _) => Pos::Schema,
            (Pos::Schema, "properties") => Pos::SchemaMap,
            (Pos::Schema, "allOf" | "oneOf" | "anyOf") => Pos::SchemaList,
            (Pos::Schema, "items" | "additionalProperties" | "not") => Pos::Schema,
            (Pos::Schema, _) => Pos::Data,
            (Pos::Other, "schema") => Pos::Schema,
            (Pos::Other, "schemas") => Pos::SchemaMap,
            (Pos::Other, "example" | "value" | "default") => Pos::Data,
            (Pos::Other, _) => Pos::Other,
        }
    }

    /// The position of the elements of a list at this position.
    pub fn element(self) -> Pos {
        match self {
            Pos::SchemaList => Pos::Schema,
            other => other,
        }
    }
}
