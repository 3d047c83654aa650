//! Integration tests, compiled into one binary. Each module covers one topic.

mod export;
mod importance;
mod load;
mod metrics;
mod models;
mod search;
mod support;
