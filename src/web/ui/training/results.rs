//! The model comparison table and one card per trained model.

use leptos::prelude::*;

use super::result_card::ResultCard;
use crate::core::eval::{best_cells, RunResult, METRICS};
use crate::web::ui::format::thousands;
use crate::web::ui::state::{ResultView, TrainingSignals};

/// Every finished run: a comparison table, then a card each (newest first). Cards are keyed by
/// run id, so a new result draws one new card instead of every card again (each holds tables,
/// SVG curves and charts: redrawing them all held the page for ~0.7 s after a third model).
#[component]
pub fn ResultsView() -> impl IntoView {
    let train = expect_context::<TrainingSignals>();
    let newest_first = move || train.results.get().into_iter().rev();
    view! {
        <Show when=move || train.results.with(|r| !r.is_empty())>
            <section class="panel results">
                <div class="results-head"><h2>"Results"</h2><super::report_button::ReportButton /></div>
                <p class="hint">"All metrics are on the held-out test rows. Best value per column in bold."</p>
                {move || train.results.with(|r| comparison(r))}
                <For each=newest_first key=|r| r.id let:view>
                    <ResultCard view />
                </For>
            </section>
        </Show>
    }
}

/// The comparison table, best value per column highlighted.
fn comparison(results: &[ResultView]) -> impl IntoView {
    let runs: Vec<&RunResult> = results.iter().map(|r| &r.result).collect();
    let best = best_cells(&runs);
    let rows = results
        .iter()
        .zip(best)
        .map(|(r, best)| {
            let cells = METRICS
                .iter()
                .zip(best)
                .map(|(m, is_best)| view! { <td class:best=is_best>{m.show(&r.result)}</td> })
                .collect_view();
            let leaky = r.result.features.leakage_override;
            view! {
                <tr>
                    <td>{format!("#{}", r.id)}</td>
                    <td>{r.result.model_label.clone()}{leaky.then(|| view! { <span class="flag" title="trained with leaking features">" ⚠ leaky"</span> })}</td>
                    <td title=r.result.features.question_label.clone()>{r.result.features.target_label.clone()}
                        {(r.result.features.question == "when-where").then(|| view! { <span class="hint">" (forecast)"</span> })}</td>
                    <td>{thousands(r.result.test_rows as u64)}</td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label="Comparison of trained models">
            <table class="comparison" data-testid="model-comparison">
                <thead><tr><th>"run"</th><th>"model"</th><th>"target"</th><th>"test rows"</th>
                    {METRICS.iter().map(|m| view! { <th>{m.label}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
