//! Integration tests, compiled into one binary. Each module covers one topic.

mod apply;
mod charts;
mod cli;
mod coefficients;
mod downloads;
mod eda;
mod export;
mod features;
mod frame_ndarray;
mod geo;
mod hostile_models;
mod importance;
mod load;
mod metrics;
mod models;
mod predictions;
mod report;
mod scaling;
mod row_filter;
mod search;
mod settings;
mod smartcore_reference;
mod support;
mod trees;
mod tuning;
mod whatif;
