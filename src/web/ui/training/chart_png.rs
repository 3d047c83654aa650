//! PNG downloads of a result's charts: each is drawn off the page by the same core function
//! the HTML report uses, at twice its designed size.

use std::sync::Arc;

use leptos::prelude::*;

use crate::core::charts::results::{draw_result, ResultChart, ResultData};
use crate::core::experiment::RunResult;
use crate::web::ui::plot::save_png;
use crate::web::ui::state::Notices;

/// Saves `chart` of `data` as `crimelab-<model>-run<id>-<chart>.png`; errors go to the banner.
pub fn save_result_png(notices: Notices, chart: ResultChart, data: &ResultData, run_id: u64) {
    let file_name = format!("crimelab-{}-run{run_id}-{}.png", data.result.model, chart.name());
    if let Err(message) = save_png(data.size(chart), &file_name, |area| draw_result(chart, data, area)) {
        notices.error.set(Some(format!("Could not save the chart: {message}")));
    }
}

/// One "PNG ↓" button per chart of the result (permutation importance has its own).
#[component]
pub fn ChartDownloads(
    /// The run.
    result: Arc<RunResult>,
    /// Its number on the page.
    run_id: u64,
) -> impl IntoView {
    let notices = expect_context::<Notices>();
    let buttons = ResultChart::ALL
        .iter()
        .copied()
        .filter(|&c| c != ResultChart::PermutationImportance && ResultData::of(&result).has(c))
        .map(|chart| {
            let result = result.clone();
            view! {
                <button class="link" data-testid=format!("download-png-{}", chart.name())
                    title=format!("Download the {} as a PNG image", chart.label())
                    on:click=move |_| save_result_png(notices, chart, &ResultData::of(&result), run_id)>
                    {chart.label()}
                </button>
            }
        })
        .collect_view();
    view! { <p class="chart-tools result-pngs"><span>"PNG ↓"</span>{buttons}</p> }
}
