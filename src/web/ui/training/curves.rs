//! ROC and precision–recall curves (one-vs-rest per class) and the reliability diagram of one
//! model, as inline SVG.

use leptos::prelude::*;

use crate::core::charts::describe::{calibration_summary, curves_summary};
use crate::core::charts::palette::class_hex;
use crate::core::eval::{Calibration, ClassCurves};

const SIZE: f64 = 220.0;
const PAD: f64 = 30.0;

fn to_px(x: f64, y: f64) -> (f64, f64) {
    (PAD + x * (SIZE - PAD - 6.0), 6.0 + (1.0 - y) * (SIZE - PAD - 6.0))
}

fn points(xs: &[f32], ys: &[f32]) -> String {
    xs.iter()
        .zip(ys)
        .map(|(&x, &y)| {
            let (px, py) = to_px(x as f64, y as f64);
            format!("{px:.1},{py:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Axes with 0 / 1 ticks and a caption.
fn frame(x_label: &'static str, y_label: &'static str) -> impl IntoView {
    let (x0, y0) = to_px(0.0, 0.0);
    let (x1, y1) = to_px(1.0, 1.0);
    view! {
        <rect x=x0 y=y1 width=x1 - x0 height=y0 - y1 class="plot-frame" />
        <text x=x0 y=y0 + 12.0 class="axis" text-anchor="middle">"0"</text>
        <text x=x1 y=y0 + 12.0 class="axis" text-anchor="middle">"1"</text>
        <text x=x0 - 4.0 y=y1 + 4.0 class="axis" text-anchor="end">"1"</text>
        <text x=(x0 + x1) / 2.0 y=y0 + 24.0 class="axis" text-anchor="middle">{x_label}</text>
        <text x="10" y=(y0 + y1) / 2.0 class="axis" text-anchor="middle" transform=format!("rotate(-90 10 {})", (y0 + y1) / 2.0)>{y_label}</text>
    }
}

/// ROC and precision–recall curves of every class, with AUC and average precision in the legend.
#[component]
pub fn RocPr(
    /// Curves per class (one for a binary target).
    curves: Vec<ClassCurves>,
) -> impl IntoView {
    let legend = curves
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let auc = c.roc_auc.map_or("–".into(), |a| format!("{a:.3}"));
            let ap = c.average_precision.map_or("–".into(), |a| format!("{a:.3}"));
            view! { <li><span class="swatch" style:background=class_hex(i)></span>{format!("{}: AUC {auc}, AP {ap}", c.class)}</li> }
        })
        .collect_view();
    let roc = curves
        .iter()
        .enumerate()
        .map(|(i, c)| view! { <polyline points=points(&c.roc.x, &c.roc.y) stroke=class_hex(i) class="curve-line" /> })
        .collect_view();
    let pr = curves
        .iter()
        .enumerate()
        .map(|(i, c)| view! { <polyline points=points(&c.pr.x, &c.pr.y) stroke=class_hex(i) class="curve-line" /> })
        .collect_view();
    let (d0, d1) = (to_px(0.0, 0.0), to_px(1.0, 1.0));
    view! {
        <div data-testid="roc-pr">
            <h4>"ROC and precision–recall (one class vs the rest)"</h4>
            <div class="curve-pair">
                <svg viewBox=format!("0 0 {SIZE} {SIZE}") width=SIZE height=SIZE role="img" aria-label=curves_summary(&curves, false)>
                    {frame("false-positive rate", "true-positive rate")}
                    <line x1=d0.0 y1=d0.1 x2=d1.0 y2=d1.1 class="diagonal" />
                    {roc}
                </svg>
                <svg viewBox=format!("0 0 {SIZE} {SIZE}") width=SIZE height=SIZE role="img" aria-label=curves_summary(&curves, true)>
                    {frame("recall", "precision")}
                    {pr}
                </svg>
            </div>
            <ul class="curve-legend">{legend}</ul>
        </div>
    }
}

/// Reliability diagram: mean predicted probability against observed frequency per bin.
#[component]
pub fn Reliability(
    /// The model's calibration bins.
    calibration: Calibration,
) -> impl IntoView {
    let (d0, d1) = (to_px(0.0, 0.0), to_px(1.0, 1.0));
    let max = calibration.bins.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    let dots = calibration
        .bins
        .iter()
        .map(|b| {
            let (x, y) = to_px(b.mean_predicted, b.observed);
            let r = 2.5 + 4.0 * (b.count as f64 / max).sqrt();
            view! { <circle cx=x cy=y r=r class="calib-dot"><title>{format!("{} rows: predicted {:.2}, observed {:.2}", b.count, b.mean_predicted, b.observed)}</title></circle> }
        })
        .collect_view();
    let xs: Vec<f32> = calibration.bins.iter().map(|b| b.mean_predicted as f32).collect();
    let ys: Vec<f32> = calibration.bins.iter().map(|b| b.observed as f32).collect();
    view! {
        <div data-testid="calibration">
            <h4>{format!("Calibration (expected calibration error {:.3})", calibration.ece)}</h4>
            <svg viewBox=format!("0 0 {SIZE} {SIZE}") width=SIZE height=SIZE role="img" aria-label=calibration_summary(&calibration)>
                {frame("predicted probability", "observed frequency")}
                <line x1=d0.0 y1=d0.1 x2=d1.0 y2=d1.1 class="diagonal" />
                <polyline points=points(&xs, &ys) stroke=class_hex(0) class="curve-line" />
                {dots}
            </svg>
        </div>
    }
}
