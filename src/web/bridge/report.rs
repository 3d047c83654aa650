//! The HTML report: the page gathers what it shows, the engine worker renders the document
//! (so the page never blocks on drawing dozens of SVG charts), the page saves it.

use leptos::prelude::*;

use super::Bridge;
use crate::core::protocol::EngineRequest;
use crate::core::report::{ReportInput, ReportRun};

impl Bridge {
    /// Asks the engine for the report of the session so far.
    pub fn request_report(&self) {
        let state = self.state;
        let permutation = state.permutation.get_untracked();
        let runs = state.results.with_untracked(|results| {
            results
                .iter()
                .map(|r| ReportRun {
                    id: r.id,
                    result: r.result.clone(),
                    permutation: permutation.get(&r.id).map(|p| p.importance.clone()),
                })
                .collect()
        });
        let input = ReportInput {
            created: js_sys::Date::new_0()
                .to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED)
                .into(),
            dataset: state.dataset.get_untracked(),
            dashboard: state.dashboard.get_untracked(),
            runs,
        };
        state.reporting.set(true);
        self.ask(&EngineRequest::Report { input: Box::new(input) }, Vec::new());
    }

    pub(crate) fn on_report(&self, html: &str, file_name: &str) {
        self.state.reporting.set(false);
        let _ = crate::web::save::save_text(file_name, "text/html;charset=utf-8", html);
    }
}
