//! The dataset card: rows, columns, date range, size, load time, memory, skipped rows.

use leptos::prelude::*;

use super::format::{bytes, duration, thousands};
use crate::core::data::DatasetCard;
use crate::web::ui::state::DataSignals;

/// One figure of the card, with its machine-readable value.
#[component]
fn Figure(
    /// Caption.
    label: &'static str,
    /// Text shown to people.
    text: String,
    /// `data-testid` of the value.
    testid: &'static str,
    /// `data-value`: the figure for machines.
    value: String,
) -> impl IntoView {
    view! {
        <div class="figure">
            <div class="figure-value" data-testid=testid data-value=value>{text}</div>
            <div class="figure-label">{label}</div>
        </div>
    }
}

/// The card of the current dataset (hidden until one is loaded).
#[component]
pub fn DatasetCardView() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    move || data.dataset.get().map(|card| view! { <Card card=card /> })
}

#[component]
fn Card(
    /// The card to show.
    card: DatasetCard,
) -> impl IntoView {
    let date_min = card.date_min.clone().unwrap_or_default();
    let date_max = card.date_max.clone().unwrap_or_default();
    let skipped_list = card
        .skipped_reasons
        .iter()
        .map(|r| {
            let lines: Vec<String> = r.lines.iter().map(|l| thousands(*l)).collect();
            view! { <li>{format!("{} rows: {} (e.g. line {})", thousands(r.count), r.reason, lines.join(", "))}</li> }
        })
        .collect_view();
    let sources = (card.sources.len() > 1).then(|| {
        card.sources
            .iter()
            .map(|s| {
                let dropped = match s.duplicates {
                    0 => String::new(),
                    n => format!(", {} already loaded and dropped", thousands(n as u64)),
                };
                view! {
                    <li data-testid="dataset-source" data-value=s.rows.to_string() data-duplicates=s.duplicates.to_string()>
                        {format!("{}: {} rows{dropped}", s.file_name, thousands(s.rows as u64))}
                    </li>
                }
            })
            .collect_view()
    });
    let duplicates: usize = card.sources.iter().map(|s| s.duplicates).sum();
    let warnings = card.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view();
    let throughput = format!("{:.0} MB/s", card.mb_per_s);
    let stages_json = serde_json::to_string(&card.stages_ms).unwrap_or_default();
    let stages = card
        .stages_ms
        .iter()
        .map(|(stage, ms)| view! { <li>{format!("{stage}: {}", duration(*ms))}</li> })
        .collect_view();
    view! {
        <section class="card" data-testid="dataset-card">
            <h2>{card.file_name.clone()}</h2>
            <div class="figures">
                <Figure label="rows" testid="dataset-rows" value=card.rows.to_string() text=thousands(card.rows as u64) />
                <Figure label="columns" testid="dataset-columns" value=card.columns.to_string() text=card.columns.to_string() />
                <Figure label="first DATE OCC" testid="dataset-date-min" value=date_min.clone() text=date_min />
                <Figure label="last DATE OCC" testid="dataset-date-max" value=date_max.clone() text=date_max />
                <Figure label="file size" testid="dataset-file-bytes" value=card.file_bytes.to_string() text=bytes(card.file_bytes) />
                <Figure label="load time (file chosen → ready)" testid="dataset-load-ms" value=format!("{:.0}", card.parse_ms) text=format!("{} · {}", duration(card.parse_ms), throughput) />
                <Figure label="memory used by the columns" testid="dataset-memory-bytes" value=card.memory_bytes.to_string() text=bytes(card.memory_bytes) />
                <Figure label="rows skipped" testid="dataset-skipped" value=card.skipped.to_string() text=thousands(card.skipped) />
            </div>
            {sources.map(|items| view! {
                <ul class="sources" data-testid="dataset-sources" data-value=duplicates.to_string()>{items}</ul>
            })}
            <ul class="skipped">{skipped_list}</ul>
            <ul class="warnings">{warnings}</ul>
            <details class="stages" data-testid="dataset-stages" data-value=stages_json>
                <summary>"Where the load time went"</summary>
                <ul>{stages}</ul>
            </details>
        </section>
    }
}
