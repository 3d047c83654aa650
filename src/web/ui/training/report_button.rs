//! The "Download report" button: the whole session as one self-contained HTML file.

use leptos::prelude::*;

use crate::web::bridge;
use crate::web::ui::state::Notices;

/// Asks the engine worker for the report and saves it when it arrives.
#[component]
pub fn ReportButton() -> impl IntoView {
    let notices = expect_context::<Notices>();
    view! {
        <button class="secondary" data-testid="download-report" disabled=move || notices.reporting.get()
            title="Dataset card, exploration highlights, model comparison and every model's metrics, charts and run card in one HTML file that opens offline"
            on:click=move |_| bridge::with(|b| b.request_report())>
            {move || if notices.reporting.get() { "Making the report…" } else { "Download report (HTML)" }}
        </button>
    }
}
