//! The browser layer (wasm32 only): the Leptos page and the Web Worker glue.

pub mod app;
pub mod worker;
