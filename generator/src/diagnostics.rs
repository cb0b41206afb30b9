//! Errors and warnings, always naming the file (and the place in it) they are about.

use std::fmt;
use std::path::{Path, PathBuf};

/// A failure that stops the run. Displayed as `file: place: message`; `Debug` shows the same,
/// so a build script returning it prints a readable message.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    pub file: Option<PathBuf>,
    /// Where in the file: `line 3, column 17`, a JSON pointer, an operation...
    pub place: Option<String>,
    pub message: String,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Self {
        Error { file: None, place: None, message: message.into() }
    }

    pub fn in_file(file: &Path, message: impl Into<String>) -> Self {
        Error { file: Some(file.to_path_buf()), place: None, message: message.into() }
    }

    pub fn at(mut self, place: impl Into<String>) -> Self {
        self.place = Some(place.into());
        self
    }

    pub fn io(file: &Path, err: &std::io::Error) -> Self {
        Error::in_file(file, err.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        if let Some(place) = &self.place {
            write!(f, "{place}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

/// Something pagegen accepted but had to interpret; printed, never fatal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub file: Option<PathBuf>,
    pub place: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn new(file: Option<&Path>, place: impl Into<String>, message: impl Into<String>) -> Self {
        let place = place.into();
        Warning {
            file: file.map(Path::to_path_buf),
            place: (!place.is_empty()).then_some(place),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("warning: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        if let Some(place) = &self.place {
            write!(f, "{place}: ")?;
        }
        f.write_str(&self.message)
    }
}
