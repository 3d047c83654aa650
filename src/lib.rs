//! # Crime Lab
//!
//! Analysis and machine learning on the City of Los Angeles "Crime Data from 2020 to Present"
//! export, in the browser (Rust compiled to WebAssembly) and on the command line.
//!
//! The crate is split in two layers:
//!
//! * [`core`] is plain Rust with no browser types: loading the CSV export into a typed columnar
//!   [`Dataset`](core::data::Dataset), and (as later modules land) profiling, features, models,
//!   evaluation and charts. It is tested natively with `cargo test` and powers the `crimelab`
//!   command line.
//! * `web` (only on `wasm32`) is a thin layer over `core`: the Leptos user interface and the Web
//!   Worker glue that moves messages between them.
//! * `cli` (native only) is the `crimelab` command line, the benchmark and reproducibility
//!   harness: it prints the same results as the app, as JSON.
#![deny(missing_docs)]

pub mod core;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod web;
