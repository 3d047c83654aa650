//! The model comparison table and one card per trained model.

use leptos::prelude::*;

use super::result_card::ResultCard;
use crate::web::ui::format::{bytes, thousands};
use crate::web::ui::state::{AppState, ResultView};

/// A column of the comparison table: header, value of a result, whether larger is better.
struct Metric {
    name: &'static str,
    value: fn(&ResultView) -> Option<f64>,
    higher_is_better: bool,
    format: fn(f64) -> String,
}

fn pct(v: f64) -> String {
    format!("{:.2}%", v * 100.0)
}

const METRICS: &[Metric] = &[
    Metric {
        name: "accuracy",
        value: |r| Some(r.result.evaluation.accuracy),
        higher_is_better: true,
        format: pct,
    },
    Metric {
        name: "balanced acc.",
        value: |r| Some(r.result.evaluation.balanced_accuracy),
        higher_is_better: true,
        format: pct,
    },
    Metric {
        name: "macro precision",
        value: |r| Some(r.result.evaluation.macro_precision),
        higher_is_better: true,
        format: pct,
    },
    Metric {
        name: "macro recall",
        value: |r| Some(r.result.evaluation.macro_recall),
        higher_is_better: true,
        format: pct,
    },
    Metric {
        name: "macro F1",
        value: |r| Some(r.result.evaluation.macro_f1),
        higher_is_better: true,
        format: pct,
    },
    Metric {
        name: "weighted F1",
        value: |r| Some(r.result.evaluation.weighted_f1),
        higher_is_better: true,
        format: pct,
    },
    Metric {
        name: "log-loss",
        value: |r| Some(r.result.evaluation.log_loss),
        higher_is_better: false,
        format: |v| format!("{v:.4}"),
    },
    Metric {
        name: "ROC AUC",
        value: |r| r.result.evaluation.roc_auc,
        higher_is_better: true,
        format: |v| format!("{v:.4}"),
    },
    Metric {
        name: "train time",
        value: |r| Some(r.result.train_ms),
        higher_is_better: false,
        format: |v| crate::web::ui::format::duration(v),
    },
    Metric {
        name: "model size",
        value: |r| r.result.evaluation.model_size_bytes.map(|b| b as f64),
        higher_is_better: false,
        format: |v| bytes(v as u64),
    },
];

/// Every finished run: a comparison table, then a card each (newest first). Cards are keyed by
/// run id, so a new result draws one new card instead of every card again (each holds tables,
/// SVG curves and charts: redrawing them all held the page for ~0.7 s after a third model).
#[component]
pub fn ResultsView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let newest_first = move || state.results.get().into_iter().rev();
    view! {
        <Show when=move || state.results.with(|r| !r.is_empty())>
            <section class="panel results">
                <div class="results-head"><h2>"Results"</h2><super::report_button::ReportButton /></div>
                <p class="hint">"All metrics are on the held-out test rows. Best value per column in bold."</p>
                {move || state.results.with(|r| comparison(r))}
                <For each=newest_first key=|r| r.id let:view>
                    <ResultCard view />
                </For>
            </section>
        </Show>
    }
}

/// The comparison table, best value per column highlighted.
fn comparison(results: &[ResultView]) -> impl IntoView {
    let best: Vec<Option<f64>> = METRICS
        .iter()
        .map(|m| {
            let values = results.iter().filter_map(|r| (m.value)(r));
            if m.higher_is_better {
                values.reduce(f64::max)
            } else {
                values.reduce(f64::min)
            }
        })
        .collect();
    let rows = results
        .iter()
        .map(|r| {
            let cells = METRICS
                .iter()
                .zip(&best)
                .map(|(m, b)| {
                    let v = (m.value)(r);
                    let is_best = results.len() > 1 && v.is_some() && v == *b;
                    view! { <td class:best=is_best>{v.map_or("–".to_owned(), m.format)}</td> }
                })
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
                    {METRICS.iter().map(|m| view! { <th>{m.name}</th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
