//! A chart's data as an HTML table: the "show as table" view of a chart's text alternative.

use leptos::prelude::*;

use crate::core::charts::ChartText;

/// The "Show as table" toggle of a chart and, while on, its data as a table in a scrollable,
/// focusable region. `text` is the chart's text alternative (`None` before there is data).
#[component]
pub fn ChartTableToggle(
    /// The chart's contract name (`monthly`): test ids `table-toggle-<name>`, `table-<name>`.
    name: &'static str,
    /// The chart's title, the table's caption.
    title: String,
    /// The chart's text alternative.
    text: Signal<Option<ChartText>>,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let region = format!("table-region-{name}");
    let toggle = view! {
        <button class="link" data-testid=format!("table-toggle-{name}") aria-controls=region.clone()
            aria-expanded=move || shown.get().to_string()
            disabled=move || text.with(|t| t.as_ref().is_none_or(|t| t.table.rows.is_empty()))
            on:click=move |_| shown.update(|s| *s = !*s)>
            {move || if shown.get() { "Hide table" } else { "Show as table" }}
        </button>
    };
    let table = move || {
        if !shown.get() {
            return None;
        }
        text.with(|t| {
            t.as_ref().map(|t| {
                let head =
                    t.table.headers.iter().map(|h| view! { <th scope="col">{h.clone()}</th> }).collect_view();
                let rows = t
                    .table
                    .rows
                    .iter()
                    .map(|r| {
                        let mut cells = r.iter();
                        let first = cells.next().cloned().unwrap_or_default();
                        let rest = cells.map(|c| view! { <td>{c.clone()}</td> }).collect_view();
                        view! { <tr><th scope="row">{first}</th>{rest}</tr> }
                    })
                    .collect_view();
                view! {
                    <table class="chart-table" data-testid=format!("table-{name}")>
                        <caption>{title.clone()}</caption>
                        <thead><tr>{head}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
            })
        })
    };
    let label = format!("{} as a table", name.replace('-', " "));
    view! {
        <div class="chart-table-toggle">{toggle}</div>
        <div class="chart-table-scroll" id=region tabindex="0" role="region" aria-label=label hidden=move || !shown.get()>{table}</div>
    }
}
