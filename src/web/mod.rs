//! The browser layer (wasm32 only): the Leptos page and the Web Worker glue, both thin layers
//! over [`crate::core`].
//!
//! * [`ui`]: Leptos components over plain state signals.
//! * [`bridge`]: the page's side of the workers (spawn, post, receive, cancel).
//! * [`worker`]: the workers' side (decode, call the core, post back).
//! * [`envelope`]: the JS shape of a protocol message and its binary payloads.
//! * [`save`]: bytes and blobs saved as downloaded files.
//! * [`offline`]: the service worker that keeps the app working offline, and its updates.
//! * [`fatal`]: the message a panic on the page shows.

pub mod app;
pub mod bridge;
pub mod build_info;
pub mod envelope;
pub mod fatal;
pub mod fetch;
pub mod model_json;
pub mod offline;
pub mod save;
pub mod ui;
pub mod worker;
