//! `pagegen lint`: every documented example that contradicts its own schema, as the generated
//! type will read it, with the page it is on. For API writers' CI: a corrected page makes it
//! pass, and the generated crate's tests assert exactly these failures until then.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::ir::types::check::{check, documented_examples, Contradiction, Decoder};
use crate::sources::{self, Document};
use crate::{Error, GenerateOptions, Warning};

/// One contradicting example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The page or document that holds the operation the example belongs to, when it has one
    /// (a schema's own example may be on many pages).
    pub file: Option<PathBuf>,
    /// The example's name: where it is documented (`listAccounts response 200 example`).
    pub example: String,
    pub contradiction: Contradiction,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        write!(f, "example `{}` contradicts its schema {}", self.example, self.contradiction)
    }
}

/// The contradicting examples of an API, in the order of the generated tests, with the warnings
/// of reading it.
pub fn lint(inputs: &[impl AsRef<Path>]) -> Result<(Vec<Finding>, Vec<Warning>), Error> {
    let (api, mut warnings) = crate::load(inputs)?;
    let ir = crate::ir::build(&api, &GenerateOptions::new("lint"), &mut warnings)?;
    let files = operation_files(inputs)?;
    let findings = documented_examples(&ir.types)
        .into_iter()
        .filter_map(|(id, example, value)| {
            let contradiction = check(&ir.types, id, &value, Decoder::FromJson).err()?;
            // Labels start with the operationId (or webhook name) they were documented on.
            let owner = example.split(' ').next().unwrap_or_default();
            Some(Finding { file: files.get(owner).cloned(), example, contradiction })
        })
        .collect();
    Ok((findings, warnings))
}

/// operationId -> the file that documents it.
fn operation_files(inputs: &[impl AsRef<Path>]) -> Result<HashMap<String, PathBuf>, Error> {
    let mut out = HashMap::new();
    for doc in sources::read_inputs(inputs, &mut Vec::new())? {
        match doc {
            Document::Operation(page) => {
                if let Some(Value::String(id)) = page.operation.get("operationId") {
                    out.entry(id.clone()).or_insert(page.file);
                }
            }
            Document::OpenApi(doc) => {
                let ids = doc
                    .value
                    .get("paths")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|paths| paths.values().filter_map(Value::as_object).flat_map(|item| item.values()));
                for id in ids.filter_map(|op| op.get("operationId")?.as_str()) {
                    out.entry(id.to_owned()).or_insert_with(|| doc.file.clone());
                }
            }
            Document::Schema(_) | Document::Tag(_) | Document::Info(_) => {}
        }
    }
    Ok(out)
}
