//! The dashboard's filters: date range, divisions, crime types, with Apply and Reset.
//!
//! The choices (21 divisions, the most frequent crime descriptions) come from the last
//! unfiltered dashboard, so they stay put while filters narrow the data.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::core::eda::Filters;
use crate::web::bridge;
use crate::web::ui::format::thousands;
use crate::web::ui::state::{DataSignals, Notices};

/// What the filters offer.
#[derive(Debug, Clone, Default, PartialEq)]
struct Choices {
    /// `(AREA code, name, incidents)`.
    divisions: Vec<(i32, String, u64)>,
    /// `(Crm Cd Desc, incidents)`.
    crimes: Vec<(String, u64)>,
}

/// The values of a `<select multiple>`'s selected options.
fn selected_values(ev: &leptos::ev::Event) -> Vec<String> {
    let Some(target) = ev.target() else { return Vec::new() };
    let options =
        js_sys::Reflect::get(&target, &JsValue::from_str("selectedOptions")).unwrap_or(JsValue::NULL);
    js_sys::Array::from(&options)
        .iter()
        .filter_map(|o| js_sys::Reflect::get(&o, &JsValue::from_str("value")).ok()?.as_string())
        .collect()
}

fn non_empty(text: String) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The filter bar above the charts.
#[component]
pub fn FilterBar() -> impl IntoView {
    let data = expect_context::<DataSignals>();
    let notices = expect_context::<Notices>();
    let choices = RwSignal::new(Choices::default());
    let date_from = RwSignal::new(String::new());
    let date_to = RwSignal::new(String::new());
    let divisions = RwSignal::new(Vec::<i32>::new());
    let crimes = RwSignal::new(Vec::<String>::new());

    // Choices from each unfiltered dashboard.
    Effect::new(move |_| {
        data.dashboard.with(|d| {
            let Some(d) = d.as_ref().filter(|d| d.filters.is_empty()) else { return };
            let mut divisions: Vec<(i32, String, u64)> = d
                .divisions
                .as_ref()
                .map(|c| c.divisions.iter().map(|x| (x.area, x.name.clone(), x.count)).collect())
                .unwrap_or_default();
            divisions.sort_by(|a, b| a.1.cmp(&b.1));
            let crimes = d
                .crime_types
                .as_ref()
                .map(|t| t.items.iter().map(|i| (i.label.clone(), i.count)).collect())
                .unwrap_or_default();
            choices.set(Choices { divisions, crimes });
        })
    });
    // A new dataset starts unfiltered; the same dataset loaded again (after the analysis
    // worker was replaced) keeps its filters; the filters of a link are shown as applied.
    Effect::new(move |_| {
        data.generation.track();
        let f = data.filters.get();
        date_from.set(f.date_from.unwrap_or_default());
        date_to.set(f.date_to.unwrap_or_default());
        divisions.set(f.divisions);
        crimes.set(f.crime_descs);
    });

    let draft = move || Filters {
        date_from: non_empty(date_from.get()),
        date_to: non_empty(date_to.get()),
        divisions: divisions.get(),
        crime_codes: Vec::new(),
        crime_descs: crimes.get(),
    };
    let apply = move |filters: Filters| {
        if let Err(err) = filters.day_range() {
            notices.error.set(Some(err.to_string()));
            return;
        }
        bridge::with(|b| b.set_filters(filters));
    };
    let on_apply = move |_| apply(draft());
    let on_reset = move |_| {
        date_from.set(String::new());
        date_to.set(String::new());
        divisions.set(Vec::new());
        crimes.set(Vec::new());
        apply(Filters::default());
    };
    let computing = move || data.dashboard.with(Option::is_none);
    let unchanged = move || data.filters.with(|f| *f == draft());
    let date_min =
        move || data.dataset.with(|c| c.as_ref().and_then(|c| c.date_min.clone()).unwrap_or_default());
    let date_max =
        move || data.dataset.with(|c| c.as_ref().and_then(|c| c.date_max.clone()).unwrap_or_default());

    let division_options = move || {
        choices.with(|c| {
            c.divisions
                .iter()
                .map(|(area, name, count)| {
                    let area = *area;
                    view! {
                        <option value=area.to_string() prop:selected=move || divisions.with(|d| d.contains(&area))>
                            {format!("{name} ({})", thousands(*count))}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let crime_options = move || {
        choices.with(|c| {
            c.crimes
                .iter()
                .map(|(label, count)| {
                    let value = label.clone();
                    let selected = label.clone();
                    view! {
                        <option value=value prop:selected=move || crimes.with(|v| v.contains(&selected))>
                            {format!("{label} ({})", thousands(*count))}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    let rows = move || {
        data.dashboard.with(|d| {
            d.as_ref().map(|d| {
                view! {
                    <span class="eda-rows" data-testid="eda-rows" data-value=d.rows.to_string()>
                        {format!("{} of {} rows selected", thousands(d.rows), thousands(d.rows_total))}
                    </span>
                }
            })
        })
    };

    view! {
        <div class="filter-bar">
            <label class="filter">
                <span>"From"</span>
                <input type="date" data-testid="filter-date-from" min=date_min max=date_max
                    prop:value=move || date_from.get()
                    on:change=move |ev| date_from.set(event_target_value(&ev)) />
            </label>
            <label class="filter">
                <span>"To"</span>
                <input type="date" data-testid="filter-date-to" min=date_min max=date_max
                    prop:value=move || date_to.get()
                    on:change=move |ev| date_to.set(event_target_value(&ev)) />
            </label>
            <label class="filter">
                <span>"Divisions " <small>"(Ctrl/⌘-click for several; none = all)"</small></span>
                <select multiple size="4" data-testid="filter-divisions"
                    on:change=move |ev| divisions.set(selected_values(&ev).iter().filter_map(|v| v.parse().ok()).collect())>
                    {division_options}
                </select>
            </label>
            <label class="filter filter-wide">
                <span>"Crime types " <small>"(most frequent; none = all)"</small></span>
                <select multiple size="4" data-testid="filter-crime-types"
                    on:change=move |ev| crimes.set(selected_values(&ev))>
                    {crime_options}
                </select>
            </label>
            <div class="filter-actions">
                <button class="primary" data-testid="filter-apply" disabled=move || computing() || unchanged()
                    on:click=on_apply>"Apply"</button>
                <button class="secondary" data-testid="filter-reset"
                    disabled=move || computing() || (data.filters.with(Filters::is_empty) && draft().is_empty())
                    on:click=on_reset>"Reset"</button>
                {rows}
            </div>
        </div>
    }
}
