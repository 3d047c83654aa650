//! The caps that keep any file, however hostile, from exhausting memory or time while loading.
//!
//! Each is a stated limit with a clear outcome (the README's "Limits" lists them for users):
//! a file over [`BROWSER_MAX_BYTES`] or a header over [`MAX_COLUMNS`] is refused with an
//! [`ErrorKind::Limit`](crate::core::ErrorKind::Limit)-style message; a row over
//! [`MAX_RECORD_BYTES`] is skipped, counted and reported with its line, never held in memory.

/// Largest file the browser build accepts: the typed columns of a bigger file would not fit in
/// a 32-bit WebAssembly memory next to the rest of the app.
pub const BROWSER_MAX_BYTES: u64 = 1_500_000_000;

/// Most columns a file may have. The official export has 28; a header with more is refused
/// before anything is allocated for its columns.
pub const MAX_COLUMNS: usize = 1_000;

/// Longest row (record) kept, in bytes: a longer one is skipped and reported, and the parser
/// never buffers more than this of it.
pub const MAX_RECORD_BYTES: u64 = 1 << 20;

/// Longest column name kept, in characters; a longer name is cut and ends with `…`.
pub const MAX_NAME_CHARS: usize = 100;

/// Most bytes the parser reserves up front for one part's columns, whatever the head's
/// estimate of the rows to come (columns still grow past it when the rows are really there).
pub const RESERVE_BUDGET_BYTES: usize = 256 << 20;

/// Reason recorded for a row longer than [`MAX_RECORD_BYTES`].
pub const OVERSIZED: &str = "row longer than 1 MiB";

/// Most rows a dataset may hold, from one file or several added together: row numbers are
/// 32-bit throughout, and this many rows of the export's columns already fill a browser's memory.
pub const MAX_ROWS: usize = 50_000_000;
