//! The browser-free core of Crime Lab.
//!
//! * [`data`]: streaming CSV parsing into a typed, columnar [`data::Dataset`].
//! * [`protocol`]: the serde messages exchanged by the user interface and its Web Workers.
//! * [`error`]: the [`Error`] type every core operation returns.

pub mod data;
pub mod error;
pub mod protocol;

pub use error::{Error, ErrorKind, Result};
