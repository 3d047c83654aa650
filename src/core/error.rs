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
        /// The header that was found (its first few names, each cut short).
        found: Vec<String>,
        /// How many names the header has in all.
        found_total: usize,
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
    /// A setting (hyper-parameter, feature option, command-line value) is outside its valid
    /// range or not one of its values.
    InvalidParam {
        /// Whose setting: a model id (`gbdt`), `features`, `tune`, a command-line command…
        owner: String,
        /// The setting's name (`learning_rate`, `split.test_fraction`, `--threads`).
        param: String,
        /// The value given, as text; empty when the setting is missing.
        value: String,
        /// What is accepted (`a number in (0, 1]`, `one of: time, random`).
        valid: String,
    },
    /// A configuration (JSON object or command line) names a key its owner does not have.
    UnknownKey {
        /// Whose configuration: a model id, `features`, `run card`…
        owner: String,
        /// The key that is not understood.
        key: String,
        /// The keys that are understood.
        valid: Vec<String>,
    },
    /// Data handed to a model, pipeline or metric does not have the shape it needs.
    ShapeMismatch {
        /// What was being checked (`feature columns`, `labels`, `probabilities`).
        what: String,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
    /// Too few rows for what was asked.
    TooFewRows {
        /// What needed them (`the training rows`, `3-fold cross-validation`).
        what: String,
        /// Rows needed.
        needed: usize,
        /// Rows there are.
        found: usize,
    },
    /// A classifier needs at least two classes.
    TooFewClasses {
        /// Where the classes were counted (`the target crime-group among the usable rows`).
        what: String,
        /// Classes found.
        found: usize,
    },
    /// A model file is damaged, inconsistent or edited into something unsafe to run.
    InvalidModel {
        /// What is wrong, naming the part of the file.
        reason: String,
    },
    /// Input went over one of Crime Lab's stated limits (see the README's "Limits").
    Limit {
        /// What went over (`columns in the header`, `model file size`).
        what: String,
        /// The limit, for people (`1,000 columns`, `256 MB`).
        limit: String,
        /// What was found, for people.
        found: String,
    },
    /// A request needs a loaded dataset and none is loaded yet.
    NoDataset,
    /// Something (a filter, a target, a feature, a split) needs a column this file lacks, or
    /// holds in another type.
    ColumnUnavailable {
        /// What needs it (`the date filter`, `the arrest target`, `a time split`).
        needed_by: String,
        /// The column (or alternatives: `Crm Cd or Crm Cd Desc`).
        column: String,
        /// The type it must hold (`whole numbers`, `text`), when the column is there but
        /// holds another.
        as_type: Option<String>,
        /// What to do instead, if anything (`use a random split`).
        hint: Option<String>,
    },
    /// A split left one of its parts without rows.
    EmptySplit {
        /// Which part (`training`, `test`, `training or validation rows of fold 2`).
        part: String,
    },
    /// Something a request needs did not arrive with it (a model file, the test predictions).
    Missing {
        /// What is missing, for people (`the model to apply`).
        what: String,
    },
    /// No feature column is left to train on.
    NoFeatures {
        /// What has none (`training`, `the model`).
        what: String,
    },
    /// A file the app reads besides the data (the divisions GeoJSON) is malformed.
    InvalidFile {
        /// Which file, for people (`the divisions GeoJSON`).
        file: String,
        /// What is wrong, naming the part of the file.
        reason: String,
    },
    /// A file was refused as a whole (not added to the data, not applied as a model); the
    /// data or model already there stays as it was.
    FileRefused {
        /// The file's name.
        file: String,
        /// What was not done with it (`added`, `loaded`, `applied`).
        action: String,
        /// Why.
        error: Error,
    },
    /// A file was read, but every one of its rows was skipped.
    NoRows {
        /// The file's name.
        file: String,
        /// Why rows were skipped, with counts (`3 rows: too few fields`).
        skipped: Vec<String>,
    },
    /// Something the page shows is still being computed, so it cannot be used yet.
    NotReady {
        /// What is not ready (`the column profiles`, `a finished search`).
        what: String,
    },
    /// A check of Crime Lab's own work failed (a fold that leaks, a probability that is not a
    /// number): a bug, never the user's doing.
    Internal {
        /// What failed.
        what: String,
    },
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

    /// An [`ErrorKind::InvalidParam`].
    pub fn invalid_param(
        owner: impl Into<String>,
        param: impl Into<String>,
        value: impl std::fmt::Display,
        valid: impl Into<String>,
    ) -> Error {
        Error::new(ErrorKind::InvalidParam {
            owner: owner.into(),
            param: param.into(),
            value: value.to_string(),
            valid: valid.into(),
        })
    }

    /// An [`ErrorKind::InvalidModel`].
    pub fn invalid_model(reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidModel { reason: reason.into() })
    }

    /// An [`ErrorKind::ShapeMismatch`].
    pub fn shape(
        what: impl Into<String>,
        expected: impl std::fmt::Display,
        found: impl std::fmt::Display,
    ) -> Error {
        Error::new(ErrorKind::ShapeMismatch {
            what: what.into(),
            expected: expected.to_string(),
            found: found.to_string(),
        })
    }

    /// An [`ErrorKind::NoDataset`].
    pub fn no_dataset() -> Error {
        Error::new(ErrorKind::NoDataset)
    }

    /// An [`ErrorKind::ColumnUnavailable`]: `needed_by` needs `column`, which is not in the file.
    pub fn column_unavailable(needed_by: impl Into<String>, column: impl Into<String>) -> Error {
        Error::new(ErrorKind::ColumnUnavailable {
            needed_by: needed_by.into(),
            column: column.into(),
            as_type: None,
            hint: None,
        })
    }

    /// An [`ErrorKind::TooFewRows`].
    pub fn too_few_rows(what: impl Into<String>, needed: usize, found: usize) -> Error {
        Error::new(ErrorKind::TooFewRows { what: what.into(), needed, found })
    }

    /// An [`ErrorKind::Missing`]: `what` did not arrive with the request.
    pub fn missing(what: impl Into<String>) -> Error {
        Error::new(ErrorKind::Missing { what: what.into() })
    }

    /// An [`ErrorKind::NoFeatures`]: `what` has no feature column.
    pub fn no_features(what: impl Into<String>) -> Error {
        Error::new(ErrorKind::NoFeatures { what: what.into() })
    }

    /// An [`ErrorKind::InvalidFile`].
    pub fn invalid_file(file: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::new(ErrorKind::InvalidFile { file: file.into(), reason: reason.into() })
    }

    /// An [`ErrorKind::FileRefused`]: `file` was not `action` (`added`, `applied`) because of
    /// `error`.
    pub fn file_refused(file: impl Into<String>, action: impl Into<String>, error: Error) -> Error {
        Error::new(ErrorKind::FileRefused { file: file.into(), action: action.into(), error })
    }

    /// An [`ErrorKind::NotReady`]: `what` is still being computed.
    pub fn not_ready(what: impl Into<String>) -> Error {
        Error::new(ErrorKind::NotReady { what: what.into() })
    }

    /// An [`ErrorKind::Internal`]: a check of Crime Lab's own work failed.
    pub fn internal(what: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal { what: what.into() })
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
            ErrorKind::MissingColumns { missing, found, found_total } => {
                write!(
                    f,
                    "This does not look like the LA crime export: missing columns {}.",
                    short_list(missing, 8)
                )?;
                if !found.is_empty() {
                    let shown = found.len().min(8);
                    write!(f, " Found: {}", short_list(&found[..shown], 8))?;
                    let more = (*found_total).max(found.len()) - shown;
                    if more > 0 {
                        write!(f, ", and {more} more")?;
                    }
                    write!(f, ".")?;
                }
                Ok(())
            }
            ErrorKind::TooLarge { bytes, limit } => write!(
                f,
                "The file is {} and the browser can hold at most {}. \
                 Filter the export (for example by date) or use the crimelab command line.",
                crate::core::format::bytes(*bytes),
                crate::core::format::bytes(*limit)
            ),
            ErrorKind::Csv { line: Some(line), message } => {
                write!(f, "The CSV could not be read at line {line}: {message}")
            }
            ErrorKind::Csv { line: None, message } => write!(f, "The CSV could not be read: {message}"),
            ErrorKind::Io(err) => write!(f, "Reading the file failed: {err}"),
            ErrorKind::Cancelled => write!(f, "Cancelled."),
            ErrorKind::Wire(msg) => write!(f, "Internal data transfer failed: {msg}"),
            ErrorKind::InvalidParam { owner, param, value, valid } if value.is_empty() => {
                write!(f, "{owner}: {param} is missing; it must be {valid}.")
            }
            ErrorKind::InvalidParam { owner, param, value, valid } => {
                write!(f, "{owner}: {param} = {value} is not valid; it must be {valid}.")
            }
            ErrorKind::UnknownKey { owner, key, valid } => {
                write!(f, "{owner}: unknown setting \"{key}\"")?;
                match valid.len() {
                    0 => write!(f, "; it takes no settings."),
                    _ => write!(f, "; valid settings are: {}.", short_list(valid, 40)),
                }
            }
            ErrorKind::ShapeMismatch { what, expected, found } => {
                write!(f, "The {what} do not match: expected {expected}, found {found}.")
            }
            ErrorKind::TooFewRows { what, needed, found } => {
                write!(f, "Too few rows for {what}: {found} where at least {needed} are needed.")
            }
            ErrorKind::TooFewClasses { what, found } => write!(
                f,
                "{what} has {found} class{}; a classifier needs at least two.",
                if *found == 1 { "" } else { "es" }
            ),
            ErrorKind::InvalidModel { reason } => write!(f, "This model file cannot be used: {reason}."),
            ErrorKind::Limit { what, limit, found } => {
                write!(f, "Too many {what}: {found}, where Crime Lab accepts at most {limit}.")
            }
            ErrorKind::NoDataset => write!(f, "No dataset is loaded; load a file first."),
            ErrorKind::ColumnUnavailable { needed_by, column, as_type, hint } => {
                write!(
                    f,
                    "{} needs the column {column}, which this file does not have",
                    capitalised(needed_by)
                )?;
                if let Some(as_type) = as_type {
                    write!(f, " as {as_type}")?;
                }
                match hint {
                    Some(hint) => write!(f, "; {hint}."),
                    None => write!(f, "."),
                }
            }
            ErrorKind::EmptySplit { part } => {
                write!(f, "The split left no {part} rows; use more rows or other fractions.")
            }
            ErrorKind::Missing { what } => write!(f, "{} did not arrive.", capitalised(what)),
            ErrorKind::NoFeatures { what } => write!(
                f,
                "No feature is left for {what}; choose more features (the leakage guard and feature \
                 selection may have removed them)."
            ),
            ErrorKind::InvalidFile { file, reason } => {
                write!(f, "{} cannot be read: {reason}.", capitalised(file))
            }
            ErrorKind::FileRefused { file, action, error } => write!(f, "{file} was not {action}: {error}"),
            ErrorKind::NoRows { file, skipped } if skipped.is_empty() => {
                write!(f, "No data rows could be read from {file}.")
            }
            ErrorKind::NoRows { file, skipped } => {
                write!(f, "No data rows could be read from {file} ({}).", skipped.join("; "))
            }
            ErrorKind::NotReady { what } => {
                write!(f, "Still waiting for {what}; try again in a moment.")
            }
            ErrorKind::Internal { what } => write!(
                f,
                "Crime Lab failed a check of its own work ({what}). This is a bug: please report it."
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            ErrorKind::Io(err) => Some(err),
            ErrorKind::FileRefused { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// At most `max` names joined by commas, then how many more there are: messages stay short
/// whatever a file holds.
pub fn short_list<S: AsRef<str>>(names: &[S], max: usize) -> String {
    const MAX_NAME: usize = 60;
    let mut out: Vec<String> = names
        .iter()
        .take(max)
        .map(|n| {
            let n = n.as_ref();
            match n.char_indices().nth(MAX_NAME) {
                Some((cut, _)) => format!("{}…", &n[..cut]),
                None => n.to_owned(),
            }
        })
        .collect();
    if names.len() > max {
        out.push(format!("and {} more", names.len() - max));
    }
    out.join(", ")
}
