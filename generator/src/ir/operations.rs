//! Operations: one plain-data value per API operation, plus what the client needs to know about
//! the API as a whole (servers, security).
//!
//! STUB until the real operations IR lands.

use crate::ir::types::TypeSpace;
use crate::{Error, Warning};

/// The API as a whole.
#[derive(Debug, Clone, Default)]
pub struct ApiInfo {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `snake_case` method name.
    pub name: String,
    pub method: String,
    pub path: String,
}

pub fn collect(
    api: &openapiv3::OpenAPI,
    _types: &mut TypeSpace,
    _warnings: &mut Vec<Warning>,
) -> Result<(Vec<Operation>, ApiInfo), Error> {
    let info = ApiInfo {
        title: api.info.title.clone(),
        description: api.info.description.clone(),
        version: api.info.version.clone(),
    };
    let mut operations = Vec::new();
    for (path, method, op) in api.operations() {
        let name = op
            .operation_id
            .as_deref()
            .map(crate::ir::names::snake)
            .unwrap_or_default();
        operations.push(Operation {
            name,
            method: method.to_owned(),
            path: path.to_owned(),
        });
    }
    Ok((operations, info))
}
