//! A learning curve (training and validation loss per iteration) as inline SVG.

use leptos::prelude::*;

use crate::core::models::TrainProgress;

const W: f64 = 420.0;
const H: f64 = 140.0;
const PAD: f64 = 34.0;

fn polyline(points: &[(f64, f64)], x_max: f64, lo: f64, hi: f64) -> String {
    points
        .iter()
        .map(|&(x, y)| {
            let px = PAD + x / x_max.max(1.0) * (W - PAD - 8.0);
            let py = 8.0 + (hi - y) / (hi - lo).max(1e-9) * (H - PAD);
            format!("{px:.1},{py:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Training (orange) and validation (blue) loss by iteration, under its heading; nothing at all
/// (no empty heading) when the model reports no loss, as a forest does.
#[component]
pub fn LearningCurve(
    /// Progress reports of the fit.
    points: Vec<TrainProgress>,
) -> impl IntoView {
    let train: Vec<(f64, f64)> =
        points.iter().filter_map(|p| p.train_loss.map(|l| (p.iteration as f64, l))).collect();
    let valid: Vec<(f64, f64)> =
        points.iter().filter_map(|p| p.valid_loss.map(|l| (p.iteration as f64, l))).collect();
    if train.len() + valid.len() < 2 {
        return None;
    }
    let all = train.iter().chain(&valid);
    let (lo, hi) = all.clone().fold((f64::MAX, f64::MIN), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    let x_max = all.map(|p| p.0).fold(1.0, f64::max);
    Some(view! {
        <div>
            <h4>"Learning curve"</h4>
            <svg class="curve" data-testid="learning-curve" viewBox=format!("0 0 {W} {H}") width=W height=H role="img" aria-label="Learning curve">
                <text x="4" y="14" class="axis">{format!("{hi:.3}")}</text>
                <text x="4" y=H - PAD + 8.0 class="axis">{format!("{lo:.3}")}</text>
                <text x=PAD y=H - 6.0 class="axis">"iteration →"</text>
                <text x=W - 8.0 y=H - 6.0 class="axis" text-anchor="end">{format!("{x_max:.0}")}</text>
                <line x1=PAD y1=H - PAD + 8.0 x2=W - 8.0 y2=H - PAD + 8.0 class="grid" />
                <polyline points=polyline(&train, x_max, lo, hi) class="train-line" />
                <polyline points=polyline(&valid, x_max, lo, hi) class="valid-line" />
                <text x=W - 8.0 y="14" text-anchor="end" class="legend"><tspan class="train-key">"— training"</tspan>" "<tspan class="valid-key">"— validation loss"</tspan></text>
            </svg>
        </div>
    })
}
