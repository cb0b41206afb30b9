//! Registers the schemas and examples of every operation, the way the operations IR does.
//! Used by the type-space tests and the corpus example runner so they can exercise the type space
//! on its own; hints follow the contract (`[op, "Request"]`, `[op, "Response", "202"]`,
//! `[op, "Param", name]`).

use openapiv3::{OpenAPI, ReferenceOr};

use super::{NameHint, TypeSpace, Usage};
use crate::assemble::JSON_REQUEST_BODY_EXAMPLE;
use crate::Warning;

/// One place a schema is used, with the examples documented there.
pub struct Site<'a> {
    pub schema: &'a ReferenceOr<openapiv3::Schema>,
    pub hint: NameHint,
    pub usage: Usage,
    pub examples: Vec<(String, serde_json::Value)>,
}

/// Adds every parameter, request and response schema of `api` to `space`, with their examples.
pub fn register_operations(space: &mut TypeSpace, api: &OpenAPI, warnings: &mut Vec<Warning>) {
    for site in sites(api) {
        let id = space.add(site.schema, &site.hint, site.usage, warnings);
        for (label, value) in site.examples {
            space.add_example(id, label, value);
        }
    }
}

/// Every schema use of every operation, in document order.
pub fn sites(api: &OpenAPI) -> Vec<Site<'_>> {
    let mut out = Vec::new();
    for (path, method, op) in api.operations() {
        let op_name = op.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
        for param in &op.parameters {
            let param = match param {
                ReferenceOr::Item(p) => p,
                ReferenceOr::Reference { reference } => {
                    let name = reference.rsplit('/').next().unwrap_or_default();
                    match api.components.as_ref().and_then(|c| c.parameters.get(name)) {
                        Some(ReferenceOr::Item(p)) => p,
                        _ => continue,
                    }
                }
            };
            let data = param.parameter_data_ref();
            if let openapiv3::ParameterSchemaOrContent::Schema(schema) = &data.format {
                out.push(Site {
                    schema,
                    hint: NameHint::new(&op_name).push("Param").push(&data.name),
                    usage: Usage::Parameter,
                    examples: Vec::new(),
                });
            }
        }
        if let Some(ReferenceOr::Item(body)) = &op.request_body {
            for (media_type, media) in &body.content {
                let Some(schema) = &media.schema else {
                    continue;
                };
                let label = format!("{op_name} request");
                let mut examples = Vec::new();
                if media_type.contains("json") {
                    media_examples(&mut examples, &label, media);
                    if let Some(example) = media.extensions.get(JSON_REQUEST_BODY_EXAMPLE) {
                        examples.push((format!("{label} jsonRequestBodyExample"), example.clone()));
                    }
                }
                out.push(Site {
                    schema,
                    hint: NameHint::new(&op_name).push("Request"),
                    usage: Usage::Request,
                    examples,
                });
            }
        }
        for (status, response) in &op.responses.responses {
            let ReferenceOr::Item(response) = response else {
                continue;
            };
            for (media_type, media) in &response.content {
                let Some(schema) = &media.schema else {
                    continue;
                };
                let mut examples = Vec::new();
                if media_type.contains("json") {
                    media_examples(&mut examples, &format!("{op_name} {status}"), media);
                }
                out.push(Site {
                    schema,
                    hint: NameHint::new(&op_name).push("Response").push(status.to_string()),
                    usage: Usage::Response,
                    examples,
                });
            }
        }
    }
    out
}

fn media_examples(out: &mut Vec<(String, serde_json::Value)>, label: &str, media: &openapiv3::MediaType) {
    if let Some(example) = &media.example {
        out.push((format!("{label} example"), example.clone()));
    }
    for (name, example) in &media.examples {
        if let ReferenceOr::Item(example) = example {
            if let Some(value) = &example.value {
                out.push((format!("{label} example {name}"), value.clone()));
            }
        }
    }
}
