//! Path templates and path parameters made to agree. Real pages name a placeholder one way and
//! its parameter another (`{access-type}` and `accessType`, `{id}` and `filterId`), leave a
//! placeholder without a parameter, or give a path parameter no placeholder. A client built from
//! that as it is sends a literal `{id}`, or cannot be called at all.
//!
//! Each operation is repaired where the reading is unambiguous, with a warning naming it:
//! 1. a parameter and a placeholder spelling the same words are one;
//! 2. when exactly one of each is left, they are one;
//! 3. a placeholder still without a parameter gets a required string parameter.
//!
//! A path parameter still without a placeholder has no sound reading: it is moved out of
//! `parameters` (so the document stays valid OpenAPI) into [`UNPLACED`], and the generated
//! method takes it but fails without sending anything, saying why.

use heck::ToSnakeCase;
use indexmap::IndexMap;
use openapiv3::{Operation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr};
use serde_json::Value;

use crate::Warning;

/// Operation extension holding the path parameters the path has no placeholder for.
pub const UNPLACED: &str = "x-pagegen-unplaced-path-parameters";
/// Parameter extension holding the documented name of a parameter renamed to its placeholder.
pub const DOCUMENTED_NAME: &str = "x-pagegen-documented-name";

type Parameters = IndexMap<String, ReferenceOr<Parameter>>;

/// Repairs every operation of `paths` (see the module docs).
pub(super) fn reconcile<'a>(
    paths: impl IntoIterator<Item = (&'a String, &'a mut PathItem)>,
    components: &Parameters,
    warnings: &mut Vec<Warning>,
) {
    for (path, item) in paths {
        for (method, op) in operations_mut(item) {
            let place = match &op.operation_id {
                Some(id) => format!("{} {path} ({id})", method.to_ascii_uppercase()),
                None => format!("{} {path}", method.to_ascii_uppercase()),
            };
            reconcile_operation(path, op, components, &mut |message| {
                warnings.push(Warning::new(None, place.clone(), message));
            });
        }
    }
}

/// The placeholder names of a path template, in order, each once.
pub fn placeholders(path: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for piece in path.split('{').skip(1) {
        if let Some((name, _)) = piece.split_once('}') {
            if !name.is_empty() && !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}

fn reconcile_operation(path: &str, op: &mut Operation, components: &Parameters, warn: &mut dyn FnMut(String)) {
    let open_slots = placeholders(path);
    let path_name = |p: &ReferenceOr<Parameter>| match resolve(p, components) {
        Some(Parameter::Path { parameter_data, .. }) => Some(parameter_data.name.clone()),
        _ => None,
    };
    let named: Vec<Option<String>> = op.parameters.iter().map(path_name).collect();
    let mut open: Vec<&str> =
        open_slots.iter().copied().filter(|slot| !named.iter().flatten().any(|n| n == slot)).collect();
    let mut unplaced: Vec<usize> = named
        .iter()
        .enumerate()
        .filter(|(_, name)| name.as_ref().is_some_and(|n| !open_slots.contains(&n.as_str())))
        .map(|(i, _)| i)
        .collect();

    // 1. The same words, spelled differently.
    unplaced.retain(|&i| {
        let name = named[i].as_deref().unwrap_or_default();
        let Some(at) = open.iter().position(|slot| slot.to_snake_case() == name.to_snake_case()) else {
            return true;
        };
        let slot = open.remove(at);
        warn(format!("path parameter `{name}` fills the placeholder `{{{slot}}}`"));
        rename(&mut op.parameters[i], slot, components);
        false
    });
    // 2. One of each left: they can only be one.
    if let ([i], [slot]) = (unplaced.as_slice(), open.as_slice()) {
        let name = named[*i].as_deref().unwrap_or_default();
        warn(format!("path parameter `{name}` is the only one without a placeholder and `{{{slot}}}` the only placeholder without a parameter: read as one"));
        rename(&mut op.parameters[*i], slot, components);
        unplaced.clear();
        open.clear();
    }
    // 3. A placeholder nobody fills: a required string.
    for slot in open {
        warn(format!("the placeholder `{{{slot}}}` has no parameter; added as a required string parameter"));
        op.parameters.push(ReferenceOr::Item(string_path_parameter(slot)));
    }
    // What is left has no place in the path.
    if unplaced.is_empty() {
        return;
    }
    let mut moved = Vec::new();
    for i in unplaced.into_iter().rev() {
        let parameter = op.parameters.remove(i);
        let name = named[i].as_deref().unwrap_or_default();
        warn(format!(
            "path parameter `{name}` has no placeholder in the path and no sound repair: the generated method \
             fails with an error instead of sending a wrong URL"
        ));
        if let Some(parameter) = resolve(&parameter, components) {
            moved.push(serde_json::to_value(parameter).unwrap_or(Value::Null));
        }
    }
    moved.reverse();
    op.extensions.insert(UNPLACED.into(), Value::Array(moved));
}

/// Gives a path parameter the placeholder's name, keeping the documented one beside it (for the
/// argument's name). A reference is replaced by a renamed copy of its target.
fn rename(parameter: &mut ReferenceOr<Parameter>, slot: &str, components: &Parameters) {
    let Some(mut resolved) = resolve(parameter, components).cloned() else {
        return;
    };
    let data = parameter_data_mut(&mut resolved);
    let documented = std::mem::replace(&mut data.name, slot.to_owned());
    data.extensions.entry(DOCUMENTED_NAME.into()).or_insert(Value::String(documented));
    *parameter = ReferenceOr::Item(resolved);
}

fn string_path_parameter(name: &str) -> Parameter {
    let schema = serde_json::from_value(serde_json::json!({ "type": "string" })).expect("a string schema");
    Parameter::Path {
        parameter_data: ParameterData {
            name: name.to_owned(),
            description: None,
            required: true,
            deprecated: None,
            format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)),
            example: None,
            examples: IndexMap::new(),
            explode: None,
            extensions: IndexMap::new(),
        },
        style: Default::default(),
    }
}

fn resolve<'a>(parameter: &'a ReferenceOr<Parameter>, components: &'a Parameters) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(p) => Some(p),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            match components.get(name)? {
                ReferenceOr::Item(p) => Some(p),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn parameter_data_mut(parameter: &mut Parameter) -> &mut ParameterData {
    match parameter {
        Parameter::Query { parameter_data, .. }
        | Parameter::Header { parameter_data, .. }
        | Parameter::Path { parameter_data, .. }
        | Parameter::Cookie { parameter_data, .. } => parameter_data,
    }
}

pub(crate) fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| Some((method, op.as_mut()?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(params: Value) -> Operation {
        serde_json::from_value(serde_json::json!({ "parameters": params, "responses": {} })).unwrap()
    }

    fn path_param(name: &str) -> Value {
        serde_json::json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
    }

    fn run(path: &str, op: &mut Operation) -> Vec<String> {
        let mut warnings = Vec::new();
        reconcile_operation(path, op, &IndexMap::new(), &mut |m| warnings.push(m));
        warnings
    }

    fn names(op: &Operation) -> Vec<String> {
        op.parameters
            .iter()
            .map(|p| match p {
                ReferenceOr::Item(p) => p.parameter_data_ref().name.clone(),
                ReferenceOr::Reference { reference } => reference.clone(),
            })
            .collect()
    }

    #[test]
    fn placeholders_in_order_once() {
        assert_eq!(placeholders("/a/{id}/b/{access-type}/{id}"), ["id", "access-type"]);
        assert_eq!(placeholders("/a/{}/b"), Vec::<&str>::new());
    }

    #[test]
    fn agreeing_paths_are_left_alone() {
        let mut o = op(serde_json::json!([path_param("id")]));
        let before = o.clone();
        assert!(run("/x/{id}", &mut o).is_empty());
        assert_eq!(o, before);
    }

    #[test]
    fn same_words_are_one_parameter() {
        let mut o = op(serde_json::json!([path_param("id"), path_param("accessType")]));
        let warnings = run("/h/{id}/compare/{access-type}", &mut o);
        assert_eq!(names(&o), ["id", "access-type"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let data = o.parameters[1].as_item().unwrap().parameter_data_ref();
        assert_eq!(data.extensions[DOCUMENTED_NAME], "accessType");
    }

    #[test]
    fn the_only_ones_left_are_one_parameter() {
        let mut o = op(serde_json::json!([path_param("filterId")]));
        run("/campaign-filters/{id}", &mut o);
        assert_eq!(names(&o), ["id"]);
        // Two of each: no unambiguous pairing, so neither is paired.
        let mut o = op(serde_json::json!([path_param("a"), path_param("b")]));
        run("/x/{c}/{d}", &mut o);
        assert_eq!(names(&o), ["c", "d"]);
        assert_eq!(o.extensions[UNPLACED].as_array().unwrap().len(), 2);
    }

    #[test]
    fn a_placeholder_without_parameter_gets_a_string() {
        let mut o = op(serde_json::json!([]));
        let warnings = run("/mail-from-attributes/{identity}", &mut o);
        assert_eq!(names(&o), ["identity"]);
        assert!(warnings[0].contains("{identity}"), "{warnings:?}");
    }

    #[test]
    fn a_parameter_without_placeholder_is_moved_out() {
        let query = serde_json::json!({ "name": "q", "in": "query", "schema": { "type": "string" } });
        let mut o = op(serde_json::json!([query, path_param("id")]));
        let warnings = run("/entitlements", &mut o);
        assert_eq!(names(&o), ["q"]);
        assert_eq!(o.extensions[UNPLACED][0]["name"], "id");
        assert!(warnings[0].contains("no sound repair"), "{warnings:?}");
    }
}
