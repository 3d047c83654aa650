//! Progress of the run under way, with its live learning curve.

use leptos::prelude::*;

use super::curve::LearningCurve;
use crate::web::ui::state::TrainingSignals;

/// The run under way (hidden when idle).
#[component]
pub fn TrainProgressView() -> impl IntoView {
    let train = expect_context::<TrainingSignals>();
    move || {
        train.training.get().map(|t| {
            let last = t.curve.last().cloned().unwrap_or_default();
            let detail = match (last.iteration, last.valid_loss, last.valid_accuracy) {
                (0, _, _) => t.stage.clone(),
                (i, Some(loss), Some(acc)) => format!("{} · iteration {i} · validation loss {loss:.4}, accuracy {:.1}%", t.stage, acc * 100.0),
                (i, _, _) => format!("{} · iteration {i}", t.stage),
            };
            view! {
                <div class="train-progress">
                    <strong>{format!("Training {}", t.model_label)}</strong>
                    <progress data-testid="train-progress" data-value=format!("{:.4}", t.fraction) max="1" value=format!("{:.4}", t.fraction)></progress>
                    <div class="progress-detail">{detail}
                        {t.remaining_ms(js_sys::Date::now()).map(|ms| view! {
                            <span class="eta" data-testid="train-eta" data-value=format!("{:.0}", ms / 1000.0)>
                                {format!(" · {}", crate::core::eta::remaining_text(ms))}
                            </span>
                        })}
                    </div>
                    <LearningCurve points=t.curve.clone() />
                </div>
            }
        })
    }
}
