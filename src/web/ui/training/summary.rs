//! The training matrix's summary: shape, classes per set, memory, leakage notes.

use leptos::prelude::*;

use crate::web::ui::csv_button::CsvButton;
use crate::web::ui::format::{bytes, thousands};
use crate::web::ui::state::TrainingSignals;

/// Summary of the last training matrix (hidden until one is built).
#[component]
pub fn FeatureSummaryView() -> impl IntoView {
    let train = expect_context::<TrainingSignals>();
    move || {
        train.feature_summary.get().map(|s| {
            let max = s.classes.iter().map(|c| c.train).max().unwrap_or(1).max(1);
            let classes = s
                .classes
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let width = format!("{:.1}%", c.train as f64 / max as f64 * 100.0);
                    let background = crate::core::charts::palette::class_hex(i);
                    view! {
                        <div class="class-row">
                            <span class="class-name">{c.name.clone()}</span>
                            <span class="class-bar"><span style:width=width style:background=background></span></span>
                            <span class="class-count">{format!("{} / {} / {}", thousands(c.train as u64), thousands(c.valid as u64), thousands(c.test as u64))}</span>
                        </div>
                    }
                })
                .collect_view();
            let leakage = s
                .leakage
                .iter()
                .map(|n| {
                    let status = if n.excluded { "excluded" } else { "KEPT (override)" };
                    view! { <li><strong>{format!("{} — {status}: ", n.feature)}</strong>{n.reason.clone()}</li> }
                })
                .collect_view();
            let top_mi = s.ranking.iter().map(|r| r.uncertainty).fold(0.0, f64::max).max(1e-9);
            let ranking = s
                .ranking
                .iter()
                .take(20)
                .map(|r| {
                    let width = format!("{:.1}%", r.uncertainty / top_mi * 100.0);
                    view! {
                        <div class="class-row" class:dropped=!r.kept>
                            <span class="class-name" title=r.feature.clone()>{r.column.clone()}</span>
                            <span class="class-bar"><span style:width=width></span></span>
                            <span class="class-count">{format!("U {:.3} · χ² {:.0}", r.uncertainty, r.chi2)}</span>
                        </div>
                    }
                })
                .collect_view();
            let warnings = s.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view();
            let split = match (&s.split_date, &s.train_dates, &s.test_dates) {
                (Some(d), Some(tr), Some(te)) => format!("Time split: train {} → {}, test {} → {} (test from {d}).", tr[0], tr[1], te[0], te[1]),
                _ => format!("{} split, seed {}.", s.split_kind, s.seed),
            };
            view! {
                <div class="feature-summary" data-testid="feature-summary">
                    <h3>{format!("Training matrix: {}", s.target_label)}</h3>
                    <p data-testid="matrix-shape" data-value=format!("{}x{}", s.shape[0], s.shape[1])>
                        {format!("{} training × {} features ({} once one-hot), {} validation, {} test rows · {} in memory.",
                            thousands(s.train_rows as u64), s.n_features, s.one_hot_width, thousands(s.valid_rows as u64), thousands(s.test_rows as u64), bytes(s.memory_bytes as u64))}
                    </p>
                    {s.row_filter.clone().map(|f| view! {
                        <p data-testid="summary-filters" data-value=s.dropped.filtered.to_string()>
                            {format!("Trained on the filtered rows: {f} ({} rows left out before the split).", thousands(s.dropped.filtered as u64))}
                        </p>
                    })}
                    <p>{split}" "<span data-testid="prepare-ms" data-value=format!("{:.0}", s.prepare_ms)>{format!("Built in {}.", crate::web::ui::format::duration(s.prepare_ms))}</span></p>
                    <div class="class-balance" data-testid="class-balance">
                        <div class="class-row head"><span class="class-name">"class"</span><span class="class-bar">"training rows"</span><span class="class-count">"train / valid / test"</span></div>
                        {classes}
                    </div>
                    <p class="ranking-download">"Feature ranking as CSV "
                        <CsvButton testid="download-ranking-csv" file_name=format!("crimelab-ranking-{}.csv", s.target)
                                title="Download the whole ranking (every base column, both scores) as CSV"
                                csv=move || train.feature_summary.with_untracked(|s| match s {
                                    Some(s) => crate::core::features::ranking_csv(&s.ranking),
                                    None => Err(crate::core::Error::not_ready("the training matrix")),
                                }) />
                    </p>
                    <details data-testid="feature-ranking">
                        <summary>"Feature ranking on the training rows (uncertainty coefficient, chi²)"</summary>
                        <div class="class-balance">{ranking}</div>
                    </details>
                    <details open=!s.leakage.is_empty()>
                        <summary>{format!("Leakage guard: {} feature(s) flagged", s.leakage.len())}</summary>
                        <ul class="leakage" data-testid="leakage-notes">{leakage}</ul>
                    </details>
                    <ul class="warnings result-warnings">{warnings}</ul>
                </div>
            }
        })
    }
}
