//! The dashboard's status line: "computing…", or `eda-ready` with the compute and draw times.

use leptos::prelude::*;

use super::context::DashContext;
use crate::web::ui::format::duration;
use crate::web::ui::state::DataSignals;

/// `eda-ready` once every chart is drawn (value = compute + draw ms), else a busy note.
#[component]
pub fn EdaStatus() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let ctx = expect_context::<DashContext>();
    move || {
        let timing = ctx.ready.get().filter(|_| data.dashboard.with(Option::is_some));
        match (timing, ctx.draw_error.get()) {
            (_, Some(message)) => view! { <div class="eda-status eda-error">{message}</div> }.into_any(),
            (Some(t), None) => view! {
                <div class="eda-status" data-testid="eda-ready" data-value=format!("{:.0}", t.compute_ms + t.draw_ms)
                    data-compute-ms=format!("{:.1}", t.compute_ms) data-draw-ms=format!("{:.1}", t.draw_ms)>
                    {format!("computed in {}, drawn in {}", duration(t.compute_ms), duration(t.draw_ms))}
                </div>
            }
            .into_any(),
            (None, None) => view! {
                <div class="eda-status busy" data-testid="eda-computing">"Computing the dashboard…"</div>
            }
            .into_any(),
        }
    }
}
