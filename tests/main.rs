//! Integration tests, compiled into one binary. Each module covers one topic.

mod export;
mod importance;
mod load;
mod metrics;
mod search;
mod support;
