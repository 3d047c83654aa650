//! Number formatting for people: the core's, so the page, the report and the CLI agree.

pub use crate::core::format::{bytes, duration, pct, thousands};
