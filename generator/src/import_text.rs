//! `pagegen import-text`: a draft operation page from the text a browser shows.
//!
//! STUB until the importer lands.

use std::path::Path;

use crate::{Error, Warning};

/// Reads the rendered text in `file` and returns the draft page.
pub fn import_file(file: &Path, _warnings: &mut Vec<Warning>) -> Result<String, Error> {
    Err(Error::in_file(file, "import-text is not implemented yet"))
}
