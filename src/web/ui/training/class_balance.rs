//! The class balance of the chosen target, drawn before training: one stacked bar per class
//! (training, validation, test rows of the split), computed by the engine from the form's
//! choices as they change (target, split, seed, records change, filtered rows).

use leptos::prelude::*;

use crate::web::ui::format::thousands;
use crate::web::ui::state::{BalanceView, TrainingSignals};

/// The bars (nothing until the form has asked once).
#[component]
pub fn ClassBalanceView() -> impl IntoView {
    let train = expect_context::<TrainingSignals>();
    move || {
        let view = train.class_balance.get()?;
        let body = match view {
            BalanceView::Computing => view! { <p class="hint">"Counting the classes…"</p> }.into_any(),
            BalanceView::Failed(message) => {
                view! { <p class="hint warn" data-testid="target-balance-error">{message}</p> }.into_any()
            }
            BalanceView::Ready(b) => {
                let max =
                    b.classes.iter().map(|c| c.train + c.valid + c.test).max().unwrap_or(1).max(1) as f64;
                let rows = b.rows();
                let bars = b
                    .classes
                    .iter()
                    .map(|c| {
                        let total = c.train + c.valid + c.test;
                        let share = |n: usize| format!("{:.2}%", n as f64 / max * 100.0);
                        let pct = if rows > 0 { total as f64 / rows as f64 * 100.0 } else { 0.0 };
                        view! {
                            <div class="class-row" data-testid="target-balance-class" data-class=c.name.clone() data-value=total.to_string()
                                data-counts=format!("{}/{}/{}", c.train, c.valid, c.test)
                                title=format!("{}: {} training, {} validation, {} test rows", c.name, thousands(c.train as u64), thousands(c.valid as u64), thousands(c.test as u64))>
                                <span class="class-name">{c.name.clone()}</span>
                                <span class="class-bar stacked">
                                    <span class="train" style:width=share(c.train)></span>
                                    <span class="valid" style:width=share(c.valid)></span>
                                    <span class="test" style:width=share(c.test)></span>
                                </span>
                                <span class="class-count">{format!("{} · {pct:.1}%", thousands(total as u64))}</span>
                            </div>
                        }
                    })
                    .collect_view();
                let split = match &b.split_date {
                    Some(d) => format!("time split, test from {d}"),
                    None => format!("{} split", b.split_kind),
                };
                let left_out = b.total_rows - rows;
                view! {
                    <div class="class-balance" data-testid="target-balance" data-value=b.classes.len().to_string() data-rows=rows.to_string()>
                        <p class="hint">{format!("{} over {} usable rows ({split}; {} left out before the split) — before training.",
                            b.target_label, thousands(rows as u64), thousands(left_out as u64))}
                            " "<span class="legend train">"training"</span><span class="legend valid">"validation"</span><span class="legend test">"test"</span></p>
                        {bars}
                    </div>
                }
                .into_any()
            }
        };
        Some(view! { <div class="class-balance-panel"><h3>"Class balance"</h3>{body}</div> })
    }
}
