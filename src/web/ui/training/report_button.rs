//! The "Download report" button: the whole session as one self-contained HTML file.

use leptos::prelude::*;

use crate::web::bridge;
use crate::web::ui::state::AppState;

/// Asks the engine worker for the report and saves it when it arrives.
#[component]
pub fn ReportButton() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <button class="secondary" data-testid="download-report" disabled=move || state.reporting.get()
            title="Dataset card, exploration highlights, model comparison and every model's metrics, charts and run card in one HTML file that opens offline"
            on:click=move |_| bridge::with(|b| b.request_report())>
            {move || if state.reporting.get() { "Making the report…" } else { "Download report (HTML)" }}
        </button>
    }
}
