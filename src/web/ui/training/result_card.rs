//! One trained model: headline metrics, warnings, classification report, confusion matrix,
//! importance, learning curve and export.

use leptos::prelude::*;

use super::curve::LearningCurve;
use crate::core::eval::ConfusionMatrix;
use crate::web::save::save_buffer;
use crate::web::ui::format::{bytes, duration, thousands};
use crate::web::ui::later::Later;
use crate::web::ui::state::ResultView;

/// The card of one run.
#[component]
pub fn ResultCard(
    /// The run to show.
    view: ResultView,
) -> impl IntoView {
    let r = view.result;
    let shared = std::sync::Arc::new(r.clone());
    let e = &r.evaluation;
    let testid = format!("result-{}", r.model);
    let split = match (&r.applied_to, &r.split_date) {
        (Some(data), _) => format!("rows of {data} with a known class"),
        (None, Some(d)) => format!("time split, test rows from {d}"),
        (None, None) => format!("{} split", r.features.split_kind),
    };
    let applied = if r.applied_to.is_some() { " (saved model, applied)" } else { "" };
    let warnings = r.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view();
    let report = e
        .report
        .iter()
        .map(|c| {
            view! {
                <tr><td>{c.class.clone()}</td><td>{format!("{:.3}", c.precision)}</td><td>{format!("{:.3}", c.recall)}</td>
                    <td>{format!("{:.3}", c.f1)}</td><td>{thousands(c.support)}</td></tr>
            }
        })
        .collect_view();
    let export = view.model.clone();
    let (for_grid, for_downloads) = (shared.clone(), shared);
    let (model_json, model_name, predictions) =
        (view.model.clone(), r.model.clone(), view.predictions.clone());
    let id = view.id;
    let file_name = format!("crimelab-{}-run{}.json", r.model, view.id);
    view! {
        <article class="result-card" data-testid=testid>
            <header>
                <h3>{format!("#{} {} → {}{applied}", view.id, r.model_label, r.features.target_label)}</h3>
                <div class="result-actions">
                    <super::predictions_csv::DownloadPredictions predictions=view.predictions.clone() model=r.model.clone() id=view.id />
                    <button class="secondary" data-testid="export-model" on:click=move |_| { let _ = save_buffer(&file_name, export.buffer(), "application/json"); }>"Export model (JSON)"</button>
                </div>
            </header>
            <div class="figures">
                <div class="figure"><div class="figure-value" data-testid="metric-accuracy" data-value=format!("{:.4}", e.accuracy)>{format!("{:.2}%", e.accuracy * 100.0)}</div><div class="figure-label">"accuracy"</div></div>
                <div class="figure"><div class="figure-value" data-testid="metric-macro-f1" data-value=format!("{:.4}", e.macro_f1)>{format!("{:.3}", e.macro_f1)}</div><div class="figure-label">"macro F1"</div></div>
                <div class="figure"><div class="figure-value" data-testid="metric-balanced-accuracy" data-value=format!("{:.4}", e.balanced_accuracy)>{format!("{:.2}%", e.balanced_accuracy * 100.0)}</div><div class="figure-label">"balanced accuracy"</div></div>
                <div class="figure"><div class="figure-value" data-testid="metric-train-ms" data-value=format!("{:.0}", r.train_ms)>{duration(r.train_ms)}</div><div class="figure-label">"training time"</div></div>
                {r.applied_to.is_none().then(|| view! { <div class="figure"><div class="figure-value" data-testid="metric-train-rows" data-value=r.train_rows.to_string()>{thousands(r.train_rows as u64)}</div><div class="figure-label">"training rows"</div></div> })}
                {r.peak_memory_bytes.map(|b| view! { <div class="figure" title="The peak WebAssembly memory of the trainer workers that took part, summed: each holds its own copy of the data and matrix"><div class="figure-value" data-testid="metric-peak-memory" data-value=b.to_string()>{bytes(b)}</div><div class="figure-label">"trainer memory (peak, all workers)"</div></div> })}
                <div class="figure"><div class="figure-value" data-testid="metric-test-rows" data-value=r.test_rows.to_string()>{thousands(r.test_rows as u64)}</div><div class="figure-label">{if r.applied_to.is_some() { split } else { format!("test rows ({split})") }}</div></div>
            </div>
            <ul class="warnings result-warnings" data-testid="result-warnings">{warnings}</ul>
            <ul class="warnings" data-testid="result-notes">{r.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            {(!r.features.question_label.is_empty()).then(|| view! {
                <p class="card-line" data-testid="result-question" data-value=r.features.question.clone()>{format!("Question: {}", r.features.question_label)}</p>
            })}
            {r.features.row_filter.clone().map(|f| view! {
                <p class="card-line" data-testid="result-filters" data-value=r.features.dropped.filtered.to_string()>
                    {format!("Trained on the filtered rows: {f} ({} rows left out before the split).", thousands(r.features.dropped.filtered as u64))}
                </p>
            })}
            <p class="card-line">{format!("seed {} · data {} · mapping {} · {} features", r.card.seed, r.card.dataset.fingerprint, r.card.target_mapping_version, r.card.features.len())}</p>
            {r.card.tuning.as_ref().map(|t| view! { <p class="card-line" data-testid="result-tuning" data-value=t.chosen.map(|c| c.to_string())>{t.summary()}</p> })}
            <div class="result-grid">
                <div>
                    <h4>"Classification report"</h4>
                    <table class="report"><thead><tr><th>"class"</th><th>"precision"</th><th>"recall"</th><th>"F1"</th><th>"support"</th></tr></thead>
                        <tbody>{report}</tbody></table>
                </div>
                <Confusion matrix=e.confusion.clone() />
                // The rest a frame later, and the downloads and the map one more: a card built
                // in one go, with the message it came in, held the page's thread for 50–90 ms.
                <Later>{
                    let (r, model) = (for_grid.clone(), model_json.clone());
                    view! {
                        <Importance items=r.importance.clone() />
                        <super::coefficients::CoefficientsView coefficients=r.coefficients.clone() />
                        <super::permutation::PermutationImportanceView result=r.clone() run_id=id model />
                        <super::curves::RocPr curves=r.evaluation.curves.clone() />
                        <super::curves::Reliability calibration=r.evaluation.calibration.clone() />
                        <LearningCurve points=r.curve.clone() />
                    }
                }</Later>
            </div>
            <Later frames=2>{
                let (shared, predictions, model) = (for_downloads.clone(), predictions.clone(), model_name.clone());
                view! {
                    <super::chart_png::ChartDownloads result=shared run_id=id />
                    <super::prediction_map::PredictionMapPanel predictions model id />
                }
            }</Later>
        </article>
    }
}

/// The confusion matrix as a heatmap table, counts or row-normalised.
#[component]
fn Confusion(
    /// Counts of true × predicted classes.
    matrix: ConfusionMatrix,
) -> impl IntoView {
    let normalised = RwSignal::new(true);
    let shares = matrix.row_normalized();
    let heads =
        matrix.classes.iter().map(|c| view! { <th class="rot"><span>{c.clone()}</span></th> }).collect_view();
    let m = matrix.clone();
    let body = move || {
        let norm = normalised.get();
        m.classes
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let cells = (0..m.classes.len())
                    .map(|j| {
                        let share = shares[i][j];
                        // At most 75 % blue, so that dark text keeps a 4.5:1 contrast on every cell.
                        let background = format!("rgba(0, 114, 178, {:.3})", share * 0.75);
                        let text = if norm { format!("{:.0}%", share * 100.0) } else { thousands(m.counts[i][j]) };
                        view! { <td style:background=background title=format!("true {name}, predicted {}: {} rows", m.classes[j], m.counts[i][j])>{text}</td> }
                    })
                    .collect_view();
                view! { <tr><th>{name.clone()}</th>{cells}</tr> }
            })
            .collect_view()
    };
    view! {
        <div>
            <h4>"Confusion matrix "
                <button class="link" on:click=move |_| normalised.update(|n| *n = !*n)>
                    {move || if normalised.get() { "(row %, show counts)" } else { "(counts, show row %)" }}
                </button>
            </h4>
            <table class="confusion" data-testid="confusion-matrix">
                <thead><tr><th>"true ↓ / predicted →"</th>{heads}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Built-in feature importance as horizontal bars (top 15).
#[component]
fn Importance(
    /// Feature and importance, best first.
    items: Vec<(String, f64)>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <div><h4>"Feature importance"</h4><p class="hint">"This model has no built-in importance."</p></div> }.into_any();
    }
    let total: f64 = items.iter().map(|(_, v)| v.max(0.0)).sum::<f64>().max(f64::MIN_POSITIVE);
    let max = items.first().map_or(1.0, |(_, v)| v.max(f64::MIN_POSITIVE));
    let bars = items
        .iter()
        .take(15)
        .map(|(name, v)| {
            let width = format!("{:.1}%", v.max(0.0) / max * 100.0);
            view! {
                <div class="class-row">
                    <span class="class-name" title=name.clone()>{name.clone()}</span>
                    <span class="class-bar"><span style:width=width></span></span>
                    <span class="class-count">{format!("{:.1}%", v.max(0.0) / total * 100.0)}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <div data-testid="importance-chart">
            <h4>"Feature importance (gain share)"</h4>
            <div class="class-balance">{bars}</div>
        </div>
    }
    .into_any()
}
