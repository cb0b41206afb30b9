//! Stage 1: reading input files. Each file becomes one [`Document`]; folders are walked
//! recursively and in sorted order, so the result never depends on how the file system lists them.

pub mod openapi_doc;
pub mod page;

use std::path::{Path, PathBuf};

use crate::{Error, Warning};

/// Largest single input file read (the largest real page is about 1 MiB).
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Most input files in one run.
pub const MAX_FILES: usize = 100_000;

/// One input file, read and decoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Operation(Box<page::OperationPage>),
    Schema(page::SchemaPage),
    Tag(page::TagPage),
    Info(page::InfoPage),
    OpenApi(openapi_doc::OpenApiDoc),
}

impl Document {
    /// Whether this document can define operations (schema, tag and info pages cannot).
    pub fn defines_operations(&self) -> bool {
        matches!(self, Document::Operation(_) | Document::OpenApi(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OperationPage,
    SchemaPage,
    TagPage,
    InfoPage,
    /// Another `.mdx` file: an operation page if its frontmatter has `api:`.
    OtherMdx,
    /// YAML or JSON: an OpenAPI root document, or (inside a folder) a file to skip.
    Structured,
}

fn kind_of(file: &Path) -> Option<Kind> {
    let name = file.file_name()?.to_str()?.to_ascii_lowercase();
    if name.ends_with(".api.mdx") {
        Some(Kind::OperationPage)
    } else if name.ends_with(".schema.mdx") {
        Some(Kind::SchemaPage)
    } else if name.ends_with(".tag.mdx") {
        Some(Kind::TagPage)
    } else if name.ends_with(".info.mdx") {
        Some(Kind::InfoPage)
    } else if name.ends_with(".mdx") {
        Some(Kind::OtherMdx)
    } else if [".yaml", ".yml", ".json"].iter().any(|ext| name.ends_with(ext)) {
        Some(Kind::Structured)
    } else {
        None
    }
}

/// Reads every input. A file named directly must be a page or an OpenAPI document; inside a
/// folder, anything else (sidebars, images, schema fragments of a split document) is skipped.
pub fn read_inputs(inputs: &[impl AsRef<Path>], warnings: &mut Vec<Warning>) -> Result<Vec<Document>, Error> {
    let mut docs = Vec::new();
    for file in input_files(inputs)? {
        docs.extend(read_file(&file.path, file.named, warnings)?);
    }
    require_operations(inputs, docs.iter().any(Document::defines_operations))?;
    Ok(docs)
}

/// One file to read: named on the command line, or found in a named folder.
pub(crate) struct InputFile {
    pub path: PathBuf,
    pub named: bool,
}

/// The files of every input, folders walked recursively and sorted.
pub(crate) fn input_files(inputs: &[impl AsRef<Path>]) -> Result<Vec<InputFile>, Error> {
    if inputs.is_empty() {
        return Err(Error::new("no inputs: name at least one page, OpenAPI document or folder"));
    }
    let mut files = Vec::new();
    for input in inputs {
        let input = input.as_ref();
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, &e))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            list_files(input, &mut found)?;
            found.sort();
            files.extend(found.into_iter().map(|path| InputFile { path, named: false }));
        } else {
            files.push(InputFile { path: input.to_path_buf(), named: true });
        }
    }
    Ok(files)
}

/// Fails unless something defines an operation: tag and info pages alone make no client.
pub(crate) fn require_operations(inputs: &[impl AsRef<Path>], found: bool) -> Result<(), Error> {
    if found {
        return Ok(());
    }
    let names = inputs.iter().map(|i| i.as_ref().display().to_string()).collect::<Vec<_>>().join(", ");
    Err(Error::new(format!("no operation pages (*.api.mdx) or OpenAPI documents found in {names}")))
}

fn list_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, &e))? {
        let entry = entry.map_err(|e| Error::io(dir, &e))?;
        let path = entry.path();
        let file_type = entry.file_type().map_err(|e| Error::io(&path, &e))?;
        if file_type.is_dir() {
            // Hidden folders (.git, .docusaurus) and dependencies are never inputs.
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !name.starts_with('.') && name != "node_modules" {
                list_files(&path, out)?;
            }
        } else if file_type.is_file() && kind_of(&path).is_some() {
            out.push(path);
            if out.len() > MAX_FILES {
                return Err(Error::in_file(dir, format!("more than {MAX_FILES} input files")));
            }
        }
    }
    Ok(())
}

fn read_text(file: &Path) -> Result<String, Error> {
    let size = std::fs::metadata(file).map_err(|e| Error::io(file, &e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::in_file(file, format!("file is larger than {} MiB", MAX_FILE_BYTES >> 20)));
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io(file, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::in_file(file, "file is not valid UTF-8").at(format!("byte {}", e.utf8_error().valid_up_to()))
    })
}

/// Reads one file; `None` for a folder entry that is not an input.
pub(crate) fn read_file(file: &Path, named: bool, warnings: &mut Vec<Warning>) -> Result<Option<Document>, Error> {
    let Some(kind) = kind_of(file) else {
        return Err(Error::in_file(file, "not an input: expected an .mdx page, or an OpenAPI .yaml/.yml/.json file"));
    };
    let text = read_text(file)?;
    Ok(Some(match kind {
        Kind::OperationPage => Document::Operation(Box::new(page::read_operation_page(file, &text, warnings)?)),
        Kind::SchemaPage => match page::read_schema_page(file, &text, warnings)? {
            Some(page) => Document::Schema(page),
            None => return Ok(None),
        },
        Kind::TagPage => Document::Tag(page::read_tag_page(file, &text)?),
        Kind::InfoPage => Document::Info(page::read_info_page(file, &text)?),
        Kind::OtherMdx if named || page::has_api_key(&text) => {
            Document::Operation(Box::new(page::read_operation_page(file, &text, warnings)?))
        }
        Kind::OtherMdx => return Ok(None),
        Kind::Structured if named || openapi_doc::looks_like_openapi(file, &text) => {
            Document::OpenApi(openapi_doc::read_openapi(file, &text, warnings)?)
        }
        Kind::Structured => return Ok(None),
    }))
}
