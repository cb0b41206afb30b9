//! One cargo feature per tag, so that a user of a big API compiles only the sections they call:
//! which feature each operation is under (its first tag's), and which features need each type
//! (those of every operation that uses it, through any depth of members).
//!
//! Types that webhooks use, or no operation uses, are always compiled: the webhooks module has
//! no feature, and a schema no operation names is part of the API's model on its own.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::{ToKebabCase, ToSnakeCase};

use super::types::{TypeId, TypeSpace};
use super::Ir;

/// Names a tag's feature cannot take: the crate's own features and Cargo's.
const RESERVED: &[&str] = &["default", "full", "tracing"];

/// The tag of operations without one.
const UNTAGGED: &str = "untagged";

/// The features of one tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// As documented (the first spelling seen when several differ only in case or spacing).
    pub name: String,
    /// `access-profiles`.
    pub feature: String,
    /// `access_profiles`: its file in `src/client/`.
    pub module: String,
    /// The feature of the operations without tags.
    pub untagged: bool,
}

/// Which items a feature set compiles: always, or when any of these tags (indices) is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    Always,
    Any(BTreeSet<usize>),
}

impl Gate {
    /// Compiled when either is.
    pub fn or(&self, other: &Gate) -> Gate {
        match (self, other) {
            (Gate::Any(a), Gate::Any(b)) => Gate::Any(a.union(b).copied().collect()),
            _ => Gate::Always,
        }
    }
}

/// The tag features of a crate; empty when no operation has a tag.
#[derive(Debug, Default)]
pub struct Features {
    /// In feature-name order.
    pub tags: Vec<Tag>,
    /// Per operation, the index of its tag.
    operations: Vec<usize>,
    /// Per type used by operations only: the tags that need it.
    types: HashMap<TypeId, BTreeSet<usize>>,
}

impl Features {
    pub fn plan(ir: &Ir) -> Features {
        let firsts: BTreeSet<&str> =
            ir.operations.iter().filter_map(|op| op.tags.first()).map(String::as_str).collect();
        if firsts.is_empty() {
            return Features::default();
        }
        // Operations without tags get a feature of their own.
        let mut names: Vec<&str> = firsts.into_iter().collect();
        if ir.operations.iter().any(|op| op.tags.is_empty()) && !names.contains(&UNTAGGED) {
            names.push(UNTAGGED);
        }
        let mut tags: Vec<Tag> = Vec::new();
        let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
        for name in names {
            let base = match name.to_kebab_case() {
                k if k.starts_with(|c: char| c.is_ascii_alphabetic()) => k,
                k => format!("tag-{k}"),
            };
            let base = if RESERVED.contains(&base.as_str()) { format!("{base}-api") } else { base };
            let mut feature = base.clone();
            let mut n = 2;
            while tags.iter().any(|t| t.feature == feature) {
                feature = format!("{base}-{n}");
                n += 1;
            }
            // Not a keyword, nor a name `client/mod.rs` imports.
            let module = match feature.to_snake_case() {
                m if super::names::is_keyword(&m) || m == "types" || m == "runtime" => format!("{m}_tag"),
                m => m,
            };
            by_name.insert(name, tags.len());
            tags.push(Tag { name: name.to_owned(), feature, module, untagged: name == UNTAGGED });
        }
        let operations: Vec<usize> =
            ir.operations.iter().map(|op| by_name[op.tags.first().map_or(UNTAGGED, String::as_str)]).collect();

        // Every type each tag reaches.
        let mut types: HashMap<TypeId, BTreeSet<usize>> = HashMap::new();
        for (op, tag) in ir.operations.iter().zip(&operations) {
            // Every body's type: a multipart body's type is kept for its docs.
            let mut reached = BTreeSet::new();
            reach(&ir.types, op.type_ids().chain(op.body.iter().map(|b| b.ty)), &mut reached);
            for id in reached {
                types.entry(id).or_default().insert(*tag);
            }
        }
        // Always compiled: the webhooks' types, the types no operation uses, and everything
        // either of them holds.
        let unused = ir.types.ids().map(|id| ir.types.resolve(id)).filter(|id| !types.contains_key(id));
        let webhooks = ir.webhooks.iter().flat_map(|w| w.payload.into_iter().chain(w.reply));
        let mut always = BTreeSet::new();
        reach(&ir.types, webhooks.chain(unused.collect::<Vec<_>>()), &mut always);
        types.retain(|id, _| !always.contains(id));
        let mut features = Features { tags, operations, types };
        features.order();
        features
    }

    /// Renumbers the tags in feature-name order (the files and the manifest list them so).
    fn order(&mut self) {
        let mut order: Vec<usize> = (0..self.tags.len()).collect();
        order.sort_by(|a, b| self.tags[*a].feature.cmp(&self.tags[*b].feature));
        let mut new_index = vec![0; order.len()];
        for (new, old) in order.iter().enumerate() {
            new_index[*old] = new;
        }
        self.tags = order.iter().map(|old| self.tags[*old].clone()).collect();
        for tag in &mut self.operations {
            *tag = new_index[*tag];
        }
        for set in self.types.values_mut() {
            *set = set.iter().map(|old| new_index[*old]).collect();
        }
    }

    pub fn is_empty(&self) -> bool {
        self.tags.is_empty()
    }

    /// The tag of operation `index` (of `Ir::operations`); `None` without features.
    pub fn operation(&self, index: usize) -> Option<usize> {
        self.operations.get(index).copied()
    }

    /// What compiles type `id` (resolved).
    pub fn of_type(&self, id: TypeId) -> Gate {
        match self.types.get(&id) {
            Some(tags) => Gate::Any(tags.clone()),
            None => Gate::Always,
        }
    }

    /// What compiles the operations with these indices.
    pub fn of_operations(&self, indices: impl IntoIterator<Item = usize>) -> Gate {
        let tags: Option<BTreeSet<usize>> = indices.into_iter().map(|i| self.operation(i)).collect();
        tags.map_or(Gate::Always, Gate::Any)
    }

    /// The feature names of a gate's tags.
    pub fn names(&self, gate: &Gate) -> Option<Vec<&str>> {
        match gate {
            Gate::Always => None,
            Gate::Any(tags) => Some(tags.iter().map(|t| self.tags[*t].feature.as_str()).collect()),
        }
    }
}

/// Adds every type reachable from `roots` to `out`.
fn reach(types: &TypeSpace, roots: impl IntoIterator<Item = TypeId>, out: &mut BTreeSet<TypeId>) {
    let mut stack: Vec<TypeId> = roots.into_iter().map(|id| types.resolve(id)).collect();
    while let Some(id) = stack.pop() {
        if out.insert(id) {
            stack.extend(types.children(id));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GenerateOptions;

    fn plan(yaml: &str) -> (Ir, Features) {
        let api: openapiv3::OpenAPI = serde_yaml::from_str(yaml).unwrap();
        let ir = super::super::build(&api, &GenerateOptions::new("x"), &mut Vec::new()).unwrap();
        let features = Features::plan(&ir);
        (ir, features)
    }

    fn gate_of(ir: &Ir, features: &Features, type_name: &str) -> Option<Vec<String>> {
        let id = ir.types.ids().find(|id| ir.types.type_name(*id) == Some(type_name)).expect(type_name);
        features.names(&features.of_type(id)).map(|names| names.into_iter().map(String::from).collect())
    }

    const API: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      tags: [Pet Store, Extra]
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Pet" } } } }
  /owners:
    get:
      operationId: listOwners
      tags: [owners]
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/Owner" } } }
  /full:
    get:
      operationId: getFull
      tags: [Full]
      responses:
        "204": { description: ok }
  /health:
    get:
      operationId: health
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/Health" } } }
components:
  schemas:
    Owner:
      type: object
      properties:
        name: { type: string }
        pets: { type: array, items: { $ref: "#/components/schemas/Pet" } }
    Pet:
      type: object
      properties:
        name: { type: string }
        kind: { type: string, enum: [cat, dog] }
    Health:
      type: object
      properties: { up: { type: boolean } }
    Unused:
      type: object
      properties:
        note: { type: string }
        owner: { $ref: "#/components/schemas/Owner" }
"##;

    #[test]
    fn features_are_named_from_first_tags() {
        let (ir, features) = plan(API);
        let names: Vec<(&str, &str)> = features.tags.iter().map(|t| (t.feature.as_str(), t.module.as_str())).collect();
        // `Full` would be the crate's own `full`; `Extra` is no first tag; untagged operations get one.
        assert_eq!(
            names,
            [("full-api", "full_api"), ("owners", "owners"), ("pet-store", "pet_store"), ("untagged", "untagged")]
        );
        assert!(features.tags[3].untagged && !features.tags[2].untagged);
        let tag_of = |id: &str| {
            let index = ir.operations.iter().position(|op| op.id == id).unwrap();
            features.operation(index).map(|t| features.tags[t].feature.as_str())
        };
        assert_eq!(tag_of("listPets"), Some("pet-store"));
        assert_eq!(tag_of("health"), Some("untagged"));
    }

    #[test]
    fn types_are_compiled_with_every_tag_that_reaches_them() {
        // Through an array and another type's member.
        let (ir, features) = plan(&API.replace("        owner: { $ref: \"#/components/schemas/Owner\" }\n", ""));
        assert_eq!(gate_of(&ir, &features, "Pet"), Some(vec!["owners".into(), "pet-store".into()]));
        assert_eq!(gate_of(&ir, &features, "PetKind"), Some(vec!["owners".into(), "pet-store".into()]));
        assert_eq!(gate_of(&ir, &features, "Owner"), Some(vec!["owners".into()]));
        assert_eq!(gate_of(&ir, &features, "Health"), Some(vec!["untagged".into()]));
        assert_eq!(gate_of(&ir, &features, "Unused"), None);
        let (ir, features) = plan(API);
        // No operation uses it: part of the model on its own, with everything it holds.
        assert_eq!(gate_of(&ir, &features, "Unused"), None);
        assert_eq!(gate_of(&ir, &features, "Owner"), None);
        assert_eq!(gate_of(&ir, &features, "Pet"), None);
    }

    #[test]
    fn no_tags_no_features() {
        let (_, features) = plan(
            &API.replace("tags: [Pet Store, Extra]", "").replace("tags: [owners]", "").replace("tags: [Full]", ""),
        );
        assert!(features.is_empty());
        assert_eq!(features.operation(0), None);
    }

    #[test]
    fn colliding_and_odd_names_stay_distinct() {
        let yaml = API
            .replace("[Pet Store, Extra]", "[\"pet-store\"]")
            .replace("[owners]", "[\"Pet Store\"]")
            .replace("[Full]", "[\"2024 API\"]");
        let (_, features) = plan(&yaml);
        let names: Vec<&str> = features.tags.iter().map(|t| t.feature.as_str()).collect();
        assert_eq!(names, ["pet-store", "pet-store-2", "tag-2024-api", "untagged"]);
        // A module named by a keyword.
        let (_, features) = plan(&API.replace("[Full]", "[Type]"));
        assert!(features.tags.iter().any(|t| t.feature == "type" && t.module == "type_tag"));
        let (_, features) = plan(&API.replace("[Full]", "[Types]"));
        assert!(features.tags.iter().any(|t| t.feature == "types" && t.module == "types_tag"));
    }
}
