//! A panic on the page never leaves a frozen page: the panic hook puts a clear message at the
//! top of the page (built with plain DOM calls, since the Leptos runtime may be in any state)
//! and still logs the details to the console.
//!
//! [`install_test_hooks`] gives the end-to-end tests two handles on `window.crimelabTest`:
//! `stallEngine(ms)` keeps the analysis worker busy (to check that the page replaces a worker
//! that stops answering) and `panic()` panics on the page (to check this message). They do
//! nothing unless called.

use wasm_bindgen::prelude::*;

/// The message shown when the page itself fails.
pub const MESSAGE: &str = "Crime Lab stopped because of an internal error, and this page can no longer \
     be used. Your data never left this computer. Reload the page to start again.";

/// Installs the panic hook that shows [`MESSAGE`] in the page.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Puts the message (with `detail`) at the top of the page, once.
fn show(detail: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(body) = document.body() else { return };
    if document.get_element_by_id("fatal-error").is_some() {
        return;
    }
    let Ok(banner) = document.create_element("div") else { return };
    banner.set_id("fatal-error");
    banner.set_class_name("error fatal");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "error");
    let detail: String = detail.chars().take(300).collect();
    banner.set_text_content(Some(&format!("{MESSAGE} (Details: {detail})")));
    let _ = body.prepend_with_node_1(&banner);
}

/// Adds `window.crimelabTest` (see the module docs).
pub fn install_test_hooks() {
    let Some(window) = web_sys::window() else { return };
    let hooks = js_sys::Object::new();
    let stall = Closure::<dyn Fn(f64)>::new(|ms: f64| {
        crate::web::bridge::with(|b| b.ask(&crate::core::protocol::EngineRequest::Busy { ms }, Vec::new()))
    });
    let panic = Closure::<dyn Fn()>::new(|| panic!("a panic asked for by the test hook"));
    let _ = js_sys::Reflect::set(&hooks, &"stallEngine".into(), stall.as_ref());
    let _ = js_sys::Reflect::set(&hooks, &"panic".into(), panic.as_ref());
    let _ = js_sys::Reflect::set(&window, &"crimelabTest".into(), &hooks);
    stall.forget();
    panic.forget();
}
