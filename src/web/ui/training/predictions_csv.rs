//! The "Predictions (CSV)" button of a result card: the engine worker writes the CSV (the same
//! format as `crimelab train --predictions`), the page saves it.

use leptos::prelude::*;

use crate::web::bridge;
use crate::web::ui::state::{Notices, SharedPredictions};

/// Downloads the run's test predictions as `crimelab-<model>-run<id>-predictions.csv`.
#[component]
pub fn DownloadPredictions(
    /// The run's predictions (None: the button is disabled).
    predictions: Option<SharedPredictions>,
    /// Model id, for the file name.
    model: String,
    /// Run number, for the file name.
    id: u64,
) -> impl IntoView {
    let notices = expect_context::<Notices>();
    let writing = RwSignal::new(false);
    let rows = predictions.as_ref().map(|p| p.0.len());
    let file_name = format!("crimelab-{model}-run{id}-predictions.csv");
    let on_click = move |_| {
        let Some(p) = &predictions else { return };
        writing.set(true);
        bridge::with(|b| {
            b.save_predictions_csv(&file_name, &p.0, move |outcome| {
                writing.set(false);
                if let Err(message) = outcome {
                    notices.error.set(Some(format!("Could not save the predictions CSV: {message}")));
                }
            })
        });
    };
    let title = match rows {
        Some(n) => {
            format!("One row per test incident ({n}): DR_NO, actual, predicted and each class's probability")
        }
        None => "The test predictions of this run are not available".to_owned(),
    };
    view! {
        <button class="secondary" data-testid="download-predictions" title=title
            disabled=move || rows.is_none() || writing.get()
            on:click=on_click>
            {move || if writing.get() { "Writing CSV…" } else { "Predictions (CSV)" }}
        </button>
    }
}
