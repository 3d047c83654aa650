//! Integration tests, compiled into one binary. Each module covers one topic.

mod charts;
mod eda;
mod geo;
mod load;
