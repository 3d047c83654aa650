//! Drawing the whole dashboard, or one map after a pan or zoom, on the page's thread.

use leptos::prelude::*;

use super::canvas::draw_chart;
use super::context::{DashContext, Timing};
use super::geo;
use crate::core::charts::{ChartInputs, ChartKind};
use crate::web::bridge::load::now_ms;
use crate::web::ui::later::after_frame;
use crate::web::ui::state::DataSignals;

/// Draws every chart of the current dashboard and records the timing (sets `ready`).
pub fn draw_all(data: DataSignals, ctx: DashContext) {
    let token = DRAW_TOKEN.with(|t| {
        t.set(t.get() + 1);
        t.get()
    });
    draw_from(data, ctx, token, 0, 0.0, Vec::new());
}

thread_local! {
    /// Bumped by every [`draw_all`], so a chain of frames started for an older dashboard stops.
    static DRAW_TOKEN: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Draws chart `index`, then schedules the next one after the next frame, so the page stays
/// responsive: no single task draws more than one chart, and none also renders a frame.
fn draw_from(
    data: DataSignals,
    ctx: DashContext,
    token: u64,
    index: usize,
    draw_ms: f64,
    mut missing: Vec<&'static str>,
) {
    if DRAW_TOKEN.with(|t| t.get()) != token {
        return;
    }
    let Some(&kind) = ChartKind::ALL.get(index) else {
        let compute_ms = data.dashboard.with_untracked(|d| d.as_ref().map(|d| d.compute_ms));
        let Some(compute_ms) = compute_ms else { return };
        if missing.is_empty() {
            ctx.draw_error.set(None);
            ctx.ready.set(Some(Timing { compute_ms, draw_ms }));
        } else {
            ctx.draw_error.set(Some(format!("No canvas for the charts {}.", missing.join(", "))));
        }
        return;
    };
    let divisions = geo::divisions();
    let started = now_ms();
    let view = ctx.view(kind).and_then(|v| v.get_untracked());
    let outcome = data.dashboard.with_untracked(|d| {
        let d = d.as_ref()?;
        Some(draw_chart(kind, d, &ChartInputs { divisions: divisions.as_deref(), view }))
    });
    match outcome {
        None => return,
        Some(Ok(true)) => {}
        Some(Ok(false)) => missing.push(kind.name()),
        Some(Err(message)) => {
            ctx.draw_error.set(Some(format!("Drawing the {} chart failed: {message}", kind.name())));
            return;
        }
    }
    let draw_ms = draw_ms + (now_ms() - started);
    after_frame(move || draw_from(data, ctx, token, index + 1, draw_ms, missing));
}

/// Redraws one chart (a map after a pan or zoom).
pub fn draw_one(data: DataSignals, ctx: DashContext, kind: ChartKind) {
    let divisions = geo::divisions();
    let view = ctx.view(kind).and_then(|v| v.get_untracked());
    let result = data.dashboard.with_untracked(|d| {
        d.as_ref().map(|d| draw_chart(kind, d, &ChartInputs { divisions: divisions.as_deref(), view }))
    });
    if let Some(Err(message)) = result {
        ctx.draw_error.set(Some(format!("Drawing the {} chart failed: {message}", kind.name())));
    }
}
