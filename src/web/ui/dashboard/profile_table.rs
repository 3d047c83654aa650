//! Column profiles: one compact row per column with type, missing share, distinct values,
//! a summary, a sparkline and alerts; a window of columns at a time for wide files.

use leptos::prelude::*;

use crate::core::eda::{AlertKind, ColumnProfile};
use crate::web::ui::column_window::{visible, window_start, ColumnNav};
use crate::web::ui::format::thousands;
use crate::web::ui::state::DataSignals;

/// Short tag and CSS class of an alert kind.
fn alert_tag(kind: AlertKind) -> (&'static str, &'static str) {
    match kind {
        AlertKind::HighCardinality => ("high cardinality", "alert-info"),
        AlertKind::Constant => ("constant", "alert-warn"),
        AlertKind::Unique => ("unique", "alert-info"),
        AlertKind::MostlyMissing => ("mostly missing", "alert-warn"),
        AlertKind::Skewed => ("skewed", "alert-info"),
        AlertKind::InvalidValues => ("invalid values", "alert-warn"),
        AlertKind::HiddenLocation => ("hidden location", "alert-warn"),
        AlertKind::Leakage => ("leaks crime type", "alert-bad"),
    }
}

/// A tiny bar sparkline as inline SVG: one path of bars (one element, however many bars, so
/// a wide profile stays a small DOM).
fn sparkline(counts: &[u64]) -> impl IntoView {
    view! {
        <svg class="spark" viewBox="0 0 96 22" width="96" height="22" aria-hidden="true">
            <path d=spark_path(counts) />
        </svg>
    }
}

/// The path of [`sparkline`]'s bars: bar `i` of `n` spans `96 / n` wide (less a 0.6 gap) and
/// is scaled to the largest count (20 high); a non-zero count is at least 1 high.
fn spark_path(counts: &[u64]) -> String {
    use std::fmt::Write;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let w = 96.0 / counts.len().max(1) as f64;
    let bar = (w - 0.6).max(0.6);
    let mut d = String::new();
    for (i, &c) in counts.iter().enumerate() {
        let h = (c as f64 / max * 20.0).max(if c > 0 { 1.0 } else { 0.0 });
        if h > 0.0 {
            let _ = write!(d, "M{:.2} {:.2}h{bar:.2}v{h:.2}h{:.2}z", i as f64 * w, 22.0 - h, -bar);
        }
    }
    d
}

/// One column's summary text: numeric range or top value.
fn summary(c: &ColumnProfile) -> String {
    if let Some(t) = &c.numeric_text {
        return format!("{} … {} (median {})", t.min, t.max, t.median);
    }
    match c.top.first() {
        Some(top) => {
            let share = if c.count > 0 { 100.0 * top.count as f64 / c.count as f64 } else { 0.0 };
            format!("top: {} ({share:.1}%)", top.value)
        }
        None => String::new(),
    }
}

/// The profile table of the whole dataset (hidden until computed).
#[component]
pub fn ProfileTable() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let start = window_start();
    move || {
        let Some(profile) = data.profile.get() else {
            return view! { <p class="muted" data-testid="profile-computing">"Profiling the columns…"</p> }
                .into_any();
        };
        let total = profile.columns.len();
        let rows = profile.columns[visible(start.get(), total)]
            .iter()
            .map(|c| {
                let alerts = c
                    .alerts
                    .iter()
                    .map(|a| {
                        let (tag, class) = alert_tag(a.kind);
                        view! { <span class=format!("alert {class}") title=a.message.clone()>{tag}</span> }
                    })
                    .collect_view();
                view! {
                    <tr>
                        <th scope="row" title=c.name.clone()>{c.name.clone()}</th>
                        <td>{c.kind.label()}</td>
                        <td class="num">{format!("{:.1}%", c.missing_pct)}</td>
                        <td class="num">{thousands(c.distinct)}</td>
                        <td class="summary" title=summary(c)>{summary(c)}</td>
                        <td>{sparkline(&c.spark.counts)}</td>
                        <td class="alerts">{alerts}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <ColumnNav start=start total=total testid="profile-columns" />
            <div class="profile-scroll" tabindex="0" role="region" aria-label="Column profiles" data-testid="column-profiles" data-value=profile.alert_count.to_string()>
                <table class="profile">
                    <thead><tr>
                        <th>"column"</th><th>"type"</th><th>"missing"</th><th>"distinct"</th>
                        <th>"values"</th><th>"distribution"</th><th>"alerts (hover for details)"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    }
}
