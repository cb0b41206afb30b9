//! Stage 6: writing the crate. The output folder is replaced as a whole: files are written to a
//! fresh sibling folder, which is then renamed into place, so a failed run leaves the old folder
//! exactly as it was, and nothing is ever written through a link that already sits in it.

use std::path::{Path, PathBuf};

use crate::{Error, FileSet};

/// Replaces `dir` with a folder holding exactly `files`.
pub fn write_crate(dir: &Path, files: &FileSet) -> Result<(), Error> {
    for path in files.keys() {
        check_relative(path)?;
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, &e))?;
    let name = dir.file_name().ok_or_else(|| Error::in_file(dir, "output folder has no name"))?;
    let name = name.to_string_lossy();
    let staging = parent.join(format!(".{name}.pagegen-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.pagegen-old-{}", std::process::id()));
    // `create_dir` (not `_all`) fails on anything already there, links included.
    std::fs::create_dir(&staging).map_err(|e| Error::io(&staging, &e))?;
    if let Err(e) = write_all(&staging, files) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    let had_old = match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => true,
        Ok(_) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::in_file(dir, "output path exists and is not a folder; not replacing it"));
        }
        Err(_) => false,
    };
    if had_old {
        if let Err(e) = std::fs::rename(dir, &retired) {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::io(dir, &e));
        }
    }
    if let Err(e) = std::fs::rename(&staging, dir) {
        if had_old {
            let _ = std::fs::rename(&retired, dir);
        }
        let _ = std::fs::remove_dir_all(&staging);
        return Err(Error::io(dir, &e));
    }
    if had_old {
        std::fs::remove_dir_all(&retired).map_err(|e| Error::io(&retired, &e))?;
    }
    Ok(())
}

fn write_all(root: &Path, files: &FileSet) -> Result<(), Error> {
    for (path, contents) in files {
        let target = root.join(path);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
        }
        std::fs::write(&target, contents).map_err(|e| Error::io(&target, &e))?;
    }
    Ok(())
}

/// Output paths are relative and stay inside the output folder.
fn check_relative(path: &Path) -> Result<(), Error> {
    use std::path::Component;
    let ok = path.components().all(|c| matches!(c, Component::Normal(_))) && path.components().next().is_some();
    if ok {
        Ok(())
    } else {
        Err(Error::new(format!("internal error: output path {} leaves the output folder", path.display())))
    }
}

/// One way the folder on disk differs from what would be generated.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    Changed(PathBuf),
    Missing(PathBuf),
    Unexpected(PathBuf),
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Difference::Changed(p) => write!(f, "changed:    {}", p.display()),
            Difference::Missing(p) => write!(f, "missing:    {}", p.display()),
            Difference::Unexpected(p) => write!(f, "unexpected: {}", p.display()),
        }
    }
}

/// Compares `dir` with `files`, sorted by path.
pub fn diff(dir: &Path, files: &FileSet) -> Result<Vec<Difference>, Error> {
    let mut on_disk = Vec::new();
    if dir.is_dir() {
        list(dir, Path::new(""), &mut on_disk)?;
    }
    let mut out = Vec::new();
    for (path, contents) in files {
        match std::fs::read(dir.join(path)) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(_) => out.push(Difference::Changed(path.clone())),
            Err(_) => out.push(Difference::Missing(path.clone())),
        }
    }
    for path in on_disk {
        if !files.contains_key(&path) {
            out.push(Difference::Unexpected(path));
        }
    }
    out.sort();
    Ok(out)
}

fn list(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let dir = root.join(rel);
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, &e))? {
        let entry = entry.map_err(|e| Error::io(&dir, &e))?;
        let rel = rel.join(entry.file_name());
        let kind = entry.file_type().map_err(|e| Error::io(&entry.path(), &e))?;
        if kind.is_dir() {
            // Build output inside the crate folder is not part of it.
            if entry.file_name() != "target" {
                list(root, &rel, out)?;
            }
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// Reads every file below `dir` into a set (for extra files copied into the crate).
pub fn read_tree(dir: &Path) -> Result<FileSet, Error> {
    let mut paths = Vec::new();
    list(dir, Path::new(""), &mut paths)?;
    let mut files = FileSet::new();
    for path in paths {
        let full = dir.join(&path);
        let text = std::fs::read_to_string(&full).map_err(|e| Error::io(&full, &e))?;
        files.insert(path, text);
    }
    Ok(files)
}

/// Writes one file via a temporary sibling and a rename, so readers never see half of it.
pub fn write_file(path: &Path, text: &str) -> Result<(), Error> {
    let tmp = path.with_extension("pagegen-tmp");
    std::fs::write(&tmp, text).map_err(|e| Error::io(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, &e)
    })
}
