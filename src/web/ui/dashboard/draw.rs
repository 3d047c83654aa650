//! Drawing the whole dashboard, or one map after a pan or zoom, on the page's thread.

use leptos::prelude::*;

use super::canvas::draw_chart;
use super::context::{DashContext, Timing};
use super::geo;
use crate::core::charts::{ChartInputs, ChartKind};
use crate::web::bridge::load::now_ms;
use crate::web::ui::state::AppState;

/// Draws every chart of the current dashboard and records the timing (sets `ready`).
pub fn draw_all(state: AppState, ctx: DashContext) {
    let divisions = geo::divisions();
    let outcome = state.dashboard.with_untracked(|d| {
        let d = d.as_ref()?;
        let started = now_ms();
        let mut missing = Vec::new();
        for &kind in ChartKind::ALL {
            let view = ctx.view(kind).and_then(|v| v.get_untracked());
            let inputs = ChartInputs { divisions: divisions.as_deref(), view };
            match draw_chart(kind, d, &inputs) {
                Ok(true) => {}
                Ok(false) => missing.push(kind.name()),
                Err(message) => {
                    return Some(Err(format!("Drawing the {} chart failed: {message}", kind.name())))
                }
            }
        }
        if !missing.is_empty() {
            return Some(Err(format!("No canvas for the charts {}.", missing.join(", "))));
        }
        Some(Ok(Timing { compute_ms: d.compute_ms, draw_ms: now_ms() - started }))
    });
    match outcome {
        Some(Ok(timing)) => {
            ctx.draw_error.set(None);
            ctx.ready.set(Some(timing));
        }
        Some(Err(message)) => ctx.draw_error.set(Some(message)),
        None => {}
    }
}

/// Redraws one chart (a map after its view changed); keeps the dashboard's timing.
pub fn draw_one(state: AppState, ctx: DashContext, kind: ChartKind) {
    let divisions = geo::divisions();
    let view = ctx.view(kind).and_then(|v| v.get_untracked());
    let result = state.dashboard.with_untracked(|d| {
        d.as_ref().map(|d| draw_chart(kind, d, &ChartInputs { divisions: divisions.as_deref(), view }))
    });
    if let Some(Err(message)) = result {
        ctx.draw_error.set(Some(format!("Drawing the {} chart failed: {message}", kind.name())));
    }
}
