//! Integration tests, compiled into one binary. Each module covers one topic.

mod features;
mod load;
