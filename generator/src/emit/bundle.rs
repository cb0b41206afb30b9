//! One self-contained file from a generated crate, for `include!` from a build script: every
//! `mod x;` is replaced by the module's contents, recursively. Working on the finished crate
//! (rather than on the IR) guarantees the two forms never drift apart.

use std::path::{Path, PathBuf};

use crate::{Error, FileSet};

/// The crate's `src/lib.rs` with every module inlined, formatted.
pub fn bundle(files: &FileSet) -> Result<String, Error> {
    let mut file = parse(files, Path::new("src/lib.rs"))?;
    // An `include!`d file cannot start with inner attributes (`//!` docs, `#![...]`).
    file.attrs.retain(|a| matches!(a.style, syn::AttrStyle::Outer));
    inline_modules(&mut file.items, Path::new("src"), files)?;
    Ok(format!("{}{}", super::HEADER, crate::format::space_items(&prettyplease::unparse(&file))))
}

fn parse(files: &FileSet, path: &Path) -> Result<syn::File, Error> {
    let text =
        files.get(path).ok_or_else(|| Error::new(format!("internal error: {} is not generated", path.display())))?;
    syn::parse_file(text).map_err(|e| Error::new(format!("internal error: {} does not parse: {e}", path.display())))
}

fn inline_modules(items: &mut [syn::Item], dir: &Path, files: &FileSet) -> Result<(), Error> {
    for item in items {
        let syn::Item::Mod(module) = item else { continue };
        if module.content.is_some() {
            continue;
        }
        let name = module.ident.to_string();
        let flat = dir.join(format!("{name}.rs"));
        let path: PathBuf = if files.contains_key(&flat) { flat } else { dir.join(&name).join("mod.rs") };
        let mut inner = parse(files, &path)?;
        inline_modules(&mut inner.items, &dir.join(&name), files)?;
        // Inner attributes (`//!` docs) of the file print inside the module's braces.
        module.attrs.extend(inner.attrs);
        module.content = Some((Default::default(), inner.items));
        module.semi = None;
    }
    Ok(())
}
