//! Errors returned by the core.
//!
//! [`Error`] boxes an [`ErrorKind`] so that `Result<T>` stays one pointer wide. Its `Display`
//! text is written for the person using the app: it says what is wrong with their file and,
//! where it helps, what to do about it.

use std::fmt;

/// A `Result` whose error is the core [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// An error from the Crime Lab core.
#[derive(Debug)]
pub struct Error(Box<ErrorKind>);

/// What went wrong.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file holds no bytes, or only a header.
    Empty {
        /// True when a header was present but no data row followed it.
        header_only: bool,
    },
    /// The file is not a text CSV at all (binary, compressed or UTF-16).
    NotCsv {
        /// What the file appears to be instead.
        looks_like: String,
    },
    /// A CSV, but not the LA crime export: required columns are absent.
    MissingColumns {
        /// The required columns that were not found in the header.
        missing: Vec<String>,
        /// The header that was found (first few names).
        found: Vec<String>,
    },
    /// The file is larger than this build can hold.
    TooLarge {
        /// Size of the file in bytes.
        bytes: u64,
        /// Largest size accepted, in bytes.
        limit: u64,
    },
    /// The CSV could not be tokenised.
    Csv {
        /// 1-based line where the problem was found, when known.
        line: Option<u64>,
        /// The underlying message.
        message: String,
    },
    /// Reading the input failed.
    Io(std::io::Error),
    /// The operation was cancelled by the user.
    Cancelled,
    /// A binary chunk handed between workers was malformed.
    Wire(String),
    /// Anything else, with a message for the user.
    Other(String),
}

impl Error {
    /// Wraps a kind.
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    /// Unwraps the kind.
    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// An error with a free-form message.
    pub fn other(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Other(message.into()))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Error {
        Error::new(ErrorKind::Io(err))
    }
}

impl From<csv::Error> for Error {
    fn from(err: csv::Error) -> Error {
        let line = err.position().map(|p| p.line());
        match err.into_kind() {
            csv::ErrorKind::Io(io) => Error::new(ErrorKind::Io(io)),
            other => Error::new(ErrorKind::Csv { line, message: format!("{other:?}") }),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            ErrorKind::Empty { header_only: false } => write!(f, "The file is empty."),
            ErrorKind::Empty { header_only: true } => {
                write!(f, "The file has a header but no data rows.")
            }
            ErrorKind::NotCsv { looks_like } => write!(
                f,
                "This is not a CSV text file (it looks like {looks_like}). \
                 Choose the CSV export of \"Crime Data from 2020 to Present\"."
            ),
            ErrorKind::MissingColumns { missing, found } => {
                write!(
                    f,
                    "This does not look like the LA crime export: missing columns {}.",
                    missing.join(", ")
                )?;
                if !found.is_empty() {
                    let shown: Vec<&str> = found.iter().take(8).map(String::as_str).collect();
                    let more = if found.len() > 8 { ", …" } else { "" };
                    write!(f, " Found: {}{}.", shown.join(", "), more)?;
                }
                Ok(())
            }
            ErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "The file is {} and the browser can hold at most {}. \
                 Filter the export (for example by date) or use the crimelab command line.",
                human_bytes(*bytes),
                human_bytes(*limit)
            ),
            ErrorKind::Csv { line: Some(line), message } => {
                write!(f, "The CSV could not be read at line {line}: {message}")
            }
            ErrorKind::Csv { line: None, message } => write!(f, "The CSV could not be read: {message}"),
            ErrorKind::Io(err) => write!(f, "Reading the file failed: {err}"),
            ErrorKind::Cancelled => write!(f, "Cancelled."),
            ErrorKind::Wire(msg) => write!(f, "Internal data transfer failed: {msg}"),
            ErrorKind::Other(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io(err) => Some(err),
            _ => None,
        }
    }
}

/// Formats a byte count for people: `3.5 MB`, `1.2 GB`.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "kB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}
