//! The tuning table's CSV download: every candidate of the last search, ranked, with its
//! varied hyper-parameters, scores per fold and complete params.

use leptos::prelude::*;

use crate::web::ui::csv_button::CsvButton;
use crate::web::ui::state::TrainingSignals;

/// "CSV ↓" for the last search's table.
#[component]
pub fn TuningDownload() -> impl IntoView {
    let train = expect_context::<TrainingSignals>();
    let file_name = Signal::derive(move || {
        let model = train.tuning.with(|t| t.as_ref().map(|t| t.model_label.to_lowercase().replace(' ', "-")));
        format!("crimelab-tuning-{}.csv", model.unwrap_or_default())
    });
    view! {
        <CsvButton testid="download-tuning-csv" file_name=file_name
            title="Download every candidate (hyper-parameters, score per fold, params) as CSV"
            csv=move || train.tuning.with_untracked(|t| match t.as_ref().and_then(|t| t.record.as_ref()) {
                Some(result) => crate::core::search::tuning_csv(result),
                None => Err(crate::core::Error::not_ready("a finished search")),
            }) />
    }
}
