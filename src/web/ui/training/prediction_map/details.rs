//! The panel beside the map: the clicked incident (date, premise, truth, prediction and every
//! class's probability) or the clicked division's figures.

use std::sync::Arc;

use leptos::prelude::*;

use super::Selected;
use crate::core::charts::prediction_map::{choropleth, MapData};
use crate::core::data::{Dataset, MISSING_INT};
use crate::core::eval::TestPredictions;
use crate::web::ui::format::thousands;

/// Details of what was clicked (`prediction-map-details`).
#[component]
pub fn MapDetails(
    /// The run's predictions.
    predictions: Arc<TestPredictions>,
    /// The map's per-division figures.
    data: Arc<MapData>,
    /// What was clicked.
    selected: RwSignal<Option<Selected>>,
    /// The class of the share mode.
    class: RwSignal<usize>,
) -> impl IntoView {
    let body = move || {
        match selected.get() {
        None => view! {
            <p class="hint">"Click an incident (or, in the division views, a division) to see its details here."</p>
        }
        .into_any(),
        Some(Selected::Point(i)) => point(&predictions, i as usize).into_any(),
        Some(Selected::Division(area)) => division(&predictions, &data, area, class.get()).into_any(),
    }
    };
    let kind = move || match selected.get() {
        Some(Selected::Point(_)) => "point",
        Some(Selected::Division(_)) => "division",
        None => "none",
    };
    view! {
        <aside class="map-details" data-testid="prediction-map-details" data-kind=kind>{body}</aside>
    }
}

/// `YYYY-MM-DD HH:MM` of an incident, as far as known.
fn when(date: i32, time: i32) -> String {
    let day = if date == MISSING_INT { "unknown date".to_owned() } else { Dataset::format_day(date) };
    if time == MISSING_INT {
        day
    } else {
        format!("{day} {:02}:{:02}", time / 60, time % 60)
    }
}

fn point(p: &TestPredictions, i: usize) -> impl IntoView {
    let inc = &p.incidents;
    let (actual, predicted) = (p.actual[i] as usize, p.predicted[i] as usize);
    let right = actual == predicted;
    // A saved model's predictions may include rows whose class is not known.
    let truth = p.classes.get(actual).cloned().unwrap_or_else(|| "unknown".to_owned());
    let truth_attr = truth.clone();
    let proba = p.proba_of(i);
    let mut order: Vec<usize> = (0..p.k()).collect();
    order.sort_by(|&a, &b| proba[b].total_cmp(&proba[a]));
    let bars = order
        .into_iter()
        .map(|c| {
            let share = proba[c] as f64;
            let width = format!("{:.1}%", share * 100.0);
            let background = crate::core::charts::palette::class_hex(c);
            view! {
                <div class="class-row" class:truth=c == actual data-class=p.classes[c].clone() data-value=format!("{share:.4}")>
                    <span class="class-name" title=p.classes[c].clone()>{p.classes[c].clone()}</span>
                    <span class="class-bar"><span style:width=width style:background=background></span></span>
                    <span class="class-count">{format!("{:.1}%", share * 100.0)}</span>
                </div>
            }
        })
        .collect_view();
    let dr = inc.dr_no[i];
    let dr_text = if dr == MISSING_INT { String::new() } else { dr.to_string() };
    let premise = inc.premise_of(i).unwrap_or("unknown premise").to_owned();
    let area = inc.area[i] as i32;
    let place =
        if area == 0 { "unknown division".to_owned() } else { MapData::division_name(area).to_owned() };
    let coords = format!("{:.4}, {:.4}", inc.lat[i], inc.lon[i]);
    view! {
        <div data-testid="prediction-map-point" data-row=p.rows[i].to_string() data-dr-no=dr_text.clone()
            data-actual=truth_attr data-predicted=p.classes[predicted].clone()
            data-correct=right.to_string()>
            <h4>{format!("Incident {dr_text}")}</h4>
            <dl class="map-facts-list">
                <dt>"When"</dt><dd data-testid="prediction-map-date">{when(inc.date[i], inc.time[i])}</dd>
                <dt>"Where"</dt><dd>{format!("{place} ({coords})")}</dd>
                <dt>"Premise"</dt><dd data-testid="prediction-map-premise">{premise}</dd>
                <dt>"True class"</dt><dd data-testid="prediction-map-actual">{truth}</dd>
                <dt>"Predicted"</dt>
                <dd data-testid="prediction-map-predicted" class=if right { "right" } else { "wrong" }>
                    {format!("{} {}", p.classes[predicted], if right { "✓ right" } else { "✗ wrong" })}
                </dd>
            </dl>
            <h4>"Probabilities"</h4>
            <div class="class-balance map-proba">{bars}</div>
        </div>
    }
}

fn division(p: &TestPredictions, data: &MapData, area: i32, class: usize) -> impl IntoView {
    let name = MapData::division_name(area);
    let Some(g) = data.division(area).filter(|g| g.rows > 0) else {
        return view! { <div data-testid="prediction-map-division"><h4>{name}</h4><p class="hint">"No test incidents here."</p></div> }
            .into_any();
    };
    let class_name = p.classes.get(class).cloned().unwrap_or_default();
    let (actual, predicted) = choropleth::class_shares(g, class);
    view! {
        <div data-testid="prediction-map-division" data-area=area.to_string() data-rows=g.rows.to_string()
            data-accuracy=format!("{:.4}", g.accuracy) data-macro-f1=format!("{:.4}", g.macro_f1)>
            <h4>{name}</h4>
            <dl class="map-facts-list">
                <dt>"Test incidents"</dt><dd>{thousands(g.rows)}</dd>
                <dt>"Accuracy"</dt><dd>{format!("{:.1}%", 100.0 * g.accuracy)}</dd>
                <dt>"Macro-F1"</dt><dd>{format!("{:.3}", g.macro_f1)}</dd>
                <dt>{format!("{class_name}, actual")}</dt><dd>{format!("{:.1}%", 100.0 * actual)}</dd>
                <dt>{format!("{class_name}, predicted")}</dt><dd>{format!("{:.1}%", 100.0 * predicted)}</dd>
            </dl>
        </div>
    }
    .into_any()
}
