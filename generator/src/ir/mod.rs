//! The intermediate representation: plain data about types and operations, built from the
//! assembled OpenAPI model and consumed by [`crate::emit`]. Nothing here produces tokens for
//! files; everything here is decided once (names, shapes, order) so emitters only print.

pub mod features;
pub mod names;
pub mod operations;
pub mod types;
pub mod webhooks;

use crate::{Error, GenerateOptions, Warning};

/// Everything the emitters need.
pub struct Ir {
    pub types: types::TypeSpace,
    pub operations: Vec<operations::Operation>,
    pub webhooks: Vec<webhooks::Webhook>,
    pub api: operations::ApiInfo,
    /// Cargo features per tag; empty when the options or the API have none.
    pub features: features::Features,
}

/// Builds the IR. Types are registered while operations are collected, then named all at once
/// so that names never depend on the order operations were seen in.
pub fn build(api: &openapiv3::OpenAPI, options: &GenerateOptions, warnings: &mut Vec<Warning>) -> Result<Ir, Error> {
    let mut types = types::TypeSpace::new(api, options);
    let (operations, info) = operations::collect(api, &mut types, warnings)?;
    let webhooks = webhooks::collect(&mut operations::Cx { api, types: &mut types, warnings });
    types.add_unreached_components(warnings);
    types.finish(options, warnings)?;
    let mut ir = Ir { types, operations, webhooks, api: info, features: Default::default() };
    if options.tag_features && !options.types_only {
        ir.features = features::Features::plan(&ir);
    }
    Ok(ir)
}
