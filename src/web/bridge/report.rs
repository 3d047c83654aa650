//! The HTML report: the page gathers what it shows, the engine worker renders the document
//! (so the page never blocks on drawing dozens of SVG charts), the page saves it.

use super::Bridge;
use crate::core::protocol::EngineRequest;

impl Bridge {
    /// Asks the engine for the report of the session so far.
    pub fn request_report(&self) {
        let created =
            js_sys::Date::new_0().to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED).into();
        let mut input = None;
        self.change(|p| {
            let (fx, report) = p.start_report(created);
            input = Some(report);
            fx
        });
        if let Some(input) = input {
            self.ask(&EngineRequest::Report { input: Box::new(input) }, Vec::new());
        }
    }
}
