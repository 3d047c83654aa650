//! The load progress bar with bytes, rows and rows per second, and the Cancel button.

use leptos::prelude::*;

use super::format::{bytes, thousands};
use crate::web::bridge;
use crate::web::ui::state::Notices;

/// Progress of the load under way (hidden when idle).
#[component]
pub fn LoadProgressBar() -> impl IntoView {
    let notices = expect_context::<Notices>();
    move || {
        notices.progress.get().map(|view| {
            let fraction = if view.finishing { 1.0 } else { view.progress.fraction() };
            let p = &view.progress;
            let detail = if view.finishing {
                "Assembling the dataset…".to_owned()
            } else {
                format!(
                    "{} of {} · {} rows · {} rows/s",
                    bytes(p.bytes()),
                    bytes(p.file_bytes),
                    thousands(p.rows()),
                    thousands(p.rows_per_second() as u64)
                )
            };
            view! {
                <section class="progress-panel" aria-live="polite">
                    <div class="progress-head">
                        <strong>{format!("Loading {}", view.file_name)}</strong>
                        <button
                            data-testid="load-cancel"
                            class="secondary"
                            disabled=view.finishing
                            on:click=move |_| bridge::with(|b| b.cancel_load())
                        >"Cancel"</button>
                    </div>
                    <progress
                        data-testid="load-progress"
                        data-value=format!("{fraction:.4}")
                        max="1"
                        value=format!("{fraction:.4}")
                    ></progress>
                    <div class="progress-detail">{detail}</div>
                </section>
            }
        })
    }
}
