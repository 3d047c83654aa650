//! A paged table of the dataset's rows, a window of columns at a time.

use leptos::prelude::*;

use super::column_window::{visible, window_start, ColumnNav};
use super::format::thousands;
use crate::core::data::Page;
use crate::core::protocol::EngineRequest;
use crate::core::report::html;
use crate::web::bridge::{self, load::PAGE_SIZE};
use crate::web::ui::later::Later;
use crate::web::ui::state::DataSignals;

/// The first rows of the dataset, a page at a time.
#[component]
pub fn DataTable() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let go = move |offset: usize| {
        bridge::with(|b| b.ask(&EngineRequest::Page { offset, limit: PAGE_SIZE }, Vec::new()))
    };
    let start = window_start();
    move || {
        data.page.get().map(|page| {
            // A frame after the rest of a finished load (see `Later`): a page is 1,400 cells.
            view! { <Later frames=3>{page_table(&page, go, start)}</Later> }
        })
    }
}

/// One page of rows (the window's columns) with its navigation.
fn page_table(
    page: &Page,
    go: impl Fn(usize) + Copy + Send + Sync + 'static,
    start: RwSignal<usize>,
) -> impl IntoView {
    let offset = page.offset;
    let total = page.total;
    let last = offset + page.rows.len();
    let columns = page.columns.len();
    let shown = visible(start.get(), columns);
    let header = page.columns[shown.clone()].iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view();
    // The body is one string set in one call: building its 1,400 cells one by one took
    // 40-60 ms of one main-thread task (every cell's text is escaped).
    let body = html::rows(page.rows.iter().map(|row| row.get(shown.clone()).unwrap_or_default()));
    view! {
        <section class="table-panel" data-testid="data-table">
            <div class="table-nav">
                <button class="secondary" data-testid="page-prev" disabled={offset == 0}
                    on:click=move |_| go(offset.saturating_sub(PAGE_SIZE))>"← Previous"</button>
                <span data-testid="page-range">
                    {format!("rows {}–{} of {}", thousands(offset as u64 + 1), thousands(last as u64), thousands(total as u64))}
                </span>
                <button class="secondary" data-testid="page-next" disabled={last >= total}
                    on:click=move |_| go(last)>"Next →"</button>
                <ColumnNav start=start total=columns testid="table-columns" />
            </div>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Rows of the loaded file">
                <table>
                    <thead><tr>{header}</tr></thead>
                    <tbody inner_html=body></tbody>
                </table>
            </div>
        </section>
    }
}
