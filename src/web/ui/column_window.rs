//! Wide files, a window of columns at a time: the data table and the column profiles draw at
//! most [`COLUMN_WINDOW`] columns, with previous / next buttons and "columns 41–80 of 300",
//! so a file with a thousand columns draws as fast as the export.

use std::ops::Range;

use leptos::prelude::*;

use super::format::thousands;
use super::state::DataSignals;

/// Columns drawn at once: the export's 28 columns (and the sample's 36) fit in one window.
pub const COLUMN_WINDOW: usize = 40;

/// The columns shown when the window starts at `start`, of `total`.
pub fn visible(start: usize, total: usize) -> Range<usize> {
    let start = start.min(total.saturating_sub(1) / COLUMN_WINDOW * COLUMN_WINDOW);
    start..(start + COLUMN_WINDOW).min(total)
}

/// Where a table's window starts; back to the first column whenever a new dataset loads.
pub fn window_start() -> RwSignal<usize> {
    let data = expect_context::<DataSignals>();
    let start = RwSignal::new(0);
    Effect::new(move |_| {
        data.generation.track();
        start.set(0);
    });
    start
}

/// Previous / next buttons and the range shown, for a table of `total` columns (nothing when
/// they all fit). Test ids: `{testid}-prev`, `{testid}-next`, `{testid}-range`.
#[component]
pub fn ColumnNav(
    /// Where the window starts.
    start: RwSignal<usize>,
    /// Columns in all.
    total: usize,
    /// Prefix of the test ids.
    testid: &'static str,
) -> impl IntoView {
    (total > COLUMN_WINDOW).then(|| {
        let range = move || visible(start.get(), total);
        let label = move || {
            let r = range();
            format!("columns {}–{} of {}", r.start + 1, r.end, thousands(total as u64))
        };
        view! {
            <div class="column-nav">
                <button class="secondary" data-testid=format!("{testid}-prev")
                    disabled=move || { range().start == 0 }
                    on:click=move |_| start.update(|s| *s = s.saturating_sub(COLUMN_WINDOW))>"← Columns"</button>
                <span data-testid=format!("{testid}-range") data-value=move || { range().start.to_string() }>{label}</span>
                <button class="secondary" data-testid=format!("{testid}-next")
                    disabled=move || { range().end >= total }
                    on:click=move |_| start.update(|s| *s = visible(*s, total).start + COLUMN_WINDOW)>"Columns →"</button>
            </div>
        }
    })
}
