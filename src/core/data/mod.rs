//! Loading the LA crime export into a typed, columnar [`Dataset`].
//!
//! The path from bytes to columns has three steps, each usable on its own so that the browser
//! can spread them across Web Workers and the command line across threads:
//!
//! 1. [`ParsePlan::from_head`] reads the first megabyte: rejects what is not a CSV, maps the
//!    header to the official [`schema`] ([`header`]), checks the required columns and types
//!    extra columns.
//! 2. [`parse_part`] streams one byte range of the file through any [`std::io::Read`] into typed
//!    columns ([`Column`]): integers, floats, dates as day numbers, `TIME OCC` as minutes,
//!    dictionary-encoded text, `Mocodes` as code lists. Rows with the wrong number of fields, or
//!    longer than [`MAX_RECORD_BYTES`], are set aside and counted ([`SkipReport`]), not fatal.
//! 3. [`reconcile()`] proves the parts tile the file at true record boundaries (or names the part
//!    to parse again), and [`Dataset::concat`] joins them in file order: any split gives exactly
//!    the rows, values and skip report of one parse. [`wire`] moves parts between workers.
//!
//! [`load_bytes`], [`load_reader`] and `load_path` do all of it for the common cases, and
//! [`DatasetCard`] summarises the result for people and for the CLI's JSON. Every cap on what a
//! file can make the loader do is in [`limits`].
//!
//! ```
//! use crimelab::core::data::{load_bytes, Official};
//! let csv = "DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,LAT,LON\n\
//!            200815333,10/15/2020 12:00:00 AM,2000,8,624,34.0701,-118.4679\n";
//! let loaded = load_bytes(csv.as_bytes(), "tiny.csv").unwrap();
//! assert_eq!(loaded.card.rows, 1);
//! assert_eq!(loaded.card.date_min.as_deref(), Some("2020-10-15"));
//! assert!(loaded.dataset.official(Official::Area).is_some());
//! ```

pub mod append;
pub mod boundary;
pub mod byte_index;
pub mod card;
pub mod column;
pub mod column_builder;
pub mod dataset;
pub mod date;
pub mod dictionary;
pub mod field;
pub mod header;
pub mod limits;
pub mod loader;
pub mod parser;
pub mod plan;
pub mod progress;
pub mod reconcile;
pub mod records;
pub mod schema;
pub mod skipped;
pub mod wire;
pub mod wire_join;

pub use append::{AppendReport, SourceFile};
pub use card::DatasetCard;
pub use column::{Column, ColumnData, MISSING_INT};
pub use dataset::{Dataset, Page};
pub use dictionary::{Dictionary, MISSING_CODE};
pub use limits::{BROWSER_MAX_BYTES, MAX_COLUMNS, MAX_RECORD_BYTES, MAX_ROWS};
pub use loader::{load_bytes, load_reader, Loaded};
#[cfg(not(target_arch = "wasm32"))]
pub use loader::{load_path, load_paths};
pub use parser::{parse_part, ParsedPart, Part, PartProgress};
pub use plan::{ParsePlan, HEAD_BYTES};
pub use progress::LoadProgress;
pub use reconcile::{parse_split, reconcile, PartBounds};
pub use schema::{Kind, Official};
pub use skipped::SkipReport;
