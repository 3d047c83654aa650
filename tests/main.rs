//! Integration tests, compiled into one binary. Each module covers one topic.

mod load;
mod trees;
