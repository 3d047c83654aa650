//! The map itself: mode and class selectors, the canvas with wheel zoom, drag pan, hover and
//! click, and the facts of what was drawn.
//!
//! Drawing runs on the page's thread once per animation frame at most (a fast drag draws
//! once per frame); [`MapData`] is computed once when the map opens.

use std::sync::Arc;

use leptos::html;
use leptos::prelude::*;
use web_sys::{MouseEvent, WheelEvent};

use super::details::MapDetails;
use super::Selected;
use crate::core::charts::prediction_map::{
    choropleth, draw_prediction_map, Layer, MapData, MapDrawn, MapMode, MapOptions,
};
use crate::core::eval::TestPredictions;
use crate::core::geo::Bounds;
use crate::web::bridge::load::now_ms;
use crate::web::save::save_canvas_png;
use crate::web::ui::dashboard::geo::{self, GeoState};
use crate::web::ui::dashboard::map_view;
use crate::web::ui::format::thousands;
use crate::web::ui::plot::{css_size, device_ratio, draw_on_canvas};
use crate::web::ui::state::Notices;

/// Pixels a press may move and still count as a click.
const CLICK_SLOP: f64 = 4.0;
/// How near (pixels) the pointer must be to a point to hover or pick it.
const HIT_PX: f64 = 7.0;

/// What the last drawing showed, for the figures under the map.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Facts {
    layer: Layer,
    in_view: usize,
    drawn: usize,
    cells: usize,
    hidden: usize,
    draw_ms: f64,
}

/// The hover tooltip: text and where (canvas pixels).
#[derive(Debug, Clone, PartialEq)]
struct Hover {
    text: String,
    x: f64,
    y: f64,
    /// Show it left of the pointer (near the right edge).
    flip: bool,
    /// Show it above the pointer (near the bottom edge, so it stays over the map).
    above: bool,
}

/// A drag under way: where it started, the projection then, and whether it moved.
#[derive(Debug, Clone, Copy)]
struct Drag {
    from: (f64, f64),
    projection: crate::core::geo::Projection,
    moved: bool,
}

/// The map of one run's test predictions.
#[component]
pub fn PredictionMap(
    /// The run's predictions.
    predictions: Arc<TestPredictions>,
    /// File name stem for the PNG (`crimelab-gbdt-run2`).
    file_stem: String,
) -> impl IntoView {
    let notices = expect_context::<Notices>();
    let data = match MapData::new(&predictions) {
        Ok(d) => Arc::new(d),
        Err(err) => return view! { <p class="eda-error">{err.to_string()}</p> }.into_any(),
    };
    let geo_state = RwSignal::new(GeoState::Loading);
    geo::load(geo_state);
    let mode = RwSignal::new(MapMode::Predicted);
    let class = RwSignal::new(0usize);
    let view = RwSignal::new(None::<Bounds>);
    let selected = RwSignal::new(None::<Selected>);
    let hover = RwSignal::new(None::<Hover>);
    let facts = RwSignal::new(None::<Facts>);
    let resized = RwSignal::new(0u32);
    let drawn = StoredValue::new(None::<MapDrawn>);
    let drag = StoredValue::new(None::<Drag>);
    let canvas = NodeRef::<html::Canvas>::new();

    let resize = window_event_listener(leptos::ev::resize, move |_| resized.update(|n| *n += 1));
    on_cleanup(move || resize.remove());

    // Redraw on every change, at most once per animation frame.
    let pending = StoredValue::new(false);
    let (p, d) = (predictions.clone(), data.clone());
    Effect::new(move |_| {
        // Every setting the drawing reads (it reads them again, untracked, when it runs).
        mode.track();
        class.track();
        view.track();
        selected.track();
        resized.track();
        if geo_state.with(|g| *g == GeoState::Loading) || pending.get_value() {
            return;
        }
        pending.set_value(true);
        let (p, d) = (p.clone(), d.clone());
        request_animation_frame(move || {
            pending.set_value(false);
            let Some(el) = canvas.get_untracked() else { return };
            let Some(divisions) = geo::divisions() else {
                notices
                    .error
                    .set(Some("The division outlines could not be loaded; the map cannot be drawn.".into()));
                return;
            };
            // The latest settings (more changes may have come in since the effect ran).
            let options = MapOptions {
                mode: mode.get_untracked(),
                class: class.get_untracked(),
                view: view.get_untracked(),
                highlight: selected_point(selected.get_untracked()),
                ..MapOptions::default()
            };
            let started = now_ms();
            match draw_on_canvas(&el, css_size(&el), device_ratio(), |area| {
                draw_prediction_map(area, &p, &d, &divisions, &options)
            }) {
                Ok(m) => {
                    facts.set(Some(Facts {
                        layer: m.layer,
                        in_view: m.in_view,
                        drawn: m.drawn.len(),
                        cells: m.cells,
                        hidden: m.hidden,
                        draw_ms: now_ms() - started,
                    }));
                    drawn.set_value(Some(m));
                }
                Err(message) => notices.error.set(Some(format!("Drawing the map failed: {message}"))),
            }
        });
    });

    let projection = move || drawn.with_value(|m| m.as_ref().map(|m| m.projection));
    let on_wheel = move |ev: WheelEvent| {
        let Some(proj) = projection() else { return };
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        if map_view::on_map(&proj, x, y) {
            ev.prevent_default();
            hover.set(None);
            view.set(Some(map_view::zoomed(&proj, x, y, ev.delta_y())));
        }
    };
    let on_down = move |ev: MouseEvent| {
        let Some(proj) = projection() else { return };
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        if ev.button() == 0 && map_view::on_map(&proj, x, y) {
            ev.prevent_default();
            drag.set_value(Some(Drag { from: (x, y), projection: proj, moved: false }));
        }
    };
    let (p, d) = (predictions.clone(), data.clone());
    let on_move = move |ev: MouseEvent| {
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        if let Some(mut g) = drag.get_value() {
            if ev.buttons() & 1 == 0 {
                drag.set_value(None);
            } else {
                if (x - g.from.0).hypot(y - g.from.1) > CLICK_SLOP {
                    g.moved = true;
                    drag.set_value(Some(g));
                }
                if g.moved {
                    hover.set(None);
                    view.set(Some(map_view::panned(&g.projection, g.from, (x, y))));
                }
                return;
            }
        }
        let text =
            drawn.with_value(|m| m.as_ref().and_then(|m| hover_text(m, &p, &d, class.get_untracked(), x, y)));
        let size = canvas.get_untracked().map(|c| (c.client_width() as f64, c.client_height() as f64));
        let (flip, above) = size.map_or((false, false), |(w, h)| (x > w * 0.6, y > h * 0.75));
        hover.set(text.map(|text| Hover { text, x, y, flip, above }));
    };
    let p = predictions.clone();
    let on_up = move |ev: MouseEvent| {
        let Some(g) = drag.get_value() else { return };
        drag.set_value(None);
        if g.moved {
            return;
        }
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        let Some(m) = drawn.get_value() else { return };
        match m.layer {
            // Cells: zoom in on the click, towards single incidents.
            Layer::Cells => {
                let (lon, lat) = map_view::lon_lat(&m.projection, x, y);
                view.set(Some(m.projection.view.zoom(0.4, lon, lat)));
            }
            Layer::Divisions => {
                let (lon, lat) = map_view::lon_lat(&m.projection, x, y);
                selected.set(geo::divisions().and_then(|g| g.find(lon, lat)).map(Selected::Division));
            }
            Layer::All | Layer::Sample => {
                selected.set(m.hit(&p, x, y - header(), HIT_PX).map(Selected::Point));
            }
        }
    };
    let on_leave = move |_: MouseEvent| {
        drag.set_value(None);
        hover.set(None);
    };

    let mode_options = MapMode::ALL
        .iter()
        .map(|m| view! { <option value=m.id() selected=*m == MapMode::Predicted>{m.label()}</option> })
        .collect_view();
    let class_options = predictions
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| view! { <option value=i.to_string()>{c.clone()}</option> })
        .collect_view();
    let png_name = move || format!("{file_stem}-map-{}.png", mode.get_untracked().id());
    let on_png = move |_| {
        if let Some(el) = canvas.get_untracked() {
            if let Err(message) = save_canvas_png(&el, &png_name()) {
                notices.error.set(Some(format!("Could not save the map: {message}")));
            }
        }
    };
    let facts_line = move || {
        facts.get().map(|f| {
            let what = match f.layer {
                Layer::All => format!("{} incidents drawn (all in view)", thousands(f.drawn as u64)),
                Layer::Sample => format!(
                    "{} of {} incidents in view drawn (random sample)",
                    thousands(f.drawn as u64),
                    thousands(f.in_view as u64)
                ),
                Layer::Cells => format!(
                    "{} incidents in view aggregated in {} cells · click or zoom in for single incidents",
                    thousands(f.in_view as u64),
                    thousands(f.cells as u64)
                ),
                Layer::Divisions => "click a division for its figures".to_owned(),
            };
            format!(
                "{what} · {} without location not shown · drawn in {:.0} ms",
                thousands(f.hidden as u64),
                f.draw_ms
            )
        })
    };
    let fact = move |get: fn(&Facts) -> String| move || facts.with(|f| f.as_ref().map(get));
    let tooltip = move || {
        hover.get().map(|h| {
            view! {
                <div class="map-tooltip" data-testid="prediction-map-tooltip"
                    style:left=(!h.flip).then(|| format!("{:.0}px", h.x + 14.0))
                    style:right=h.flip.then(|| format!("calc(100% - {:.0}px)", h.x - 14.0))
                    style:top=(!h.above).then(|| format!("{:.0}px", h.y + 14.0))
                    style:bottom=h.above.then(|| format!("calc(100% - {:.0}px)", h.y - 14.0))>{h.text}</div>
            }
        })
    };
    view! {
        <div class="prediction-map" >
            <div class="map-controls">
                <label>"Show "
                    <select data-testid="prediction-map-mode" on:change=move |ev| {
                        if let Some(m) = MapMode::from_id(&event_target_value(&ev)) {
                            hover.set(None);
                            mode.set(m);
                        }
                    }>{mode_options}</select>
                </label>
                <label class:hidden=move || mode.get() != MapMode::Share>"Class "
                    <select data-testid="prediction-map-class" on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse() {
                            class.set(c);
                        }
                    }>{class_options}</select>
                </label>
                <span class="chart-hint">"wheel: zoom · drag: pan · click: details"</span>
                <button class="link" data-testid="prediction-map-reset" disabled=move || view.with(Option::is_none)
                    on:click=move |_| view.set(None)>"Reset view"</button>
                <button class="link" data-testid="prediction-map-png" title="Download the map as a PNG image"
                    on:click=on_png>"PNG ↓"</button>
            </div>
            <div class="map-body">
                <div class="map-canvas-wrap">
                    <canvas node_ref=canvas class="map-canvas" data-testid="prediction-map" role="img"
                        aria-label=move || format!("Map of predictions on the police divisions, {}: {}", mode.get().label(), facts_line().unwrap_or_default())
                        data-mode=move || mode.get().id()
                        data-value=fact(|f| f.drawn.to_string())
                        data-in-view=fact(|f| f.in_view.to_string())
                        data-layer=fact(|f| layer_id(f.layer).to_owned())
                        data-cells=fact(|f| f.cells.to_string())
                        data-hidden=fact(|f| f.hidden.to_string())
                        data-draw-ms=fact(|f| format!("{:.1}", f.draw_ms))
                        on:wheel=on_wheel on:mousedown=on_down on:mousemove=on_move
                        on:mouseup=on_up on:mouseleave=on_leave></canvas>
                    {tooltip}
                </div>
                <MapDetails predictions=predictions.clone() data=data.clone() selected=selected class=class />
            </div>
            <p class="hint map-facts" data-testid="prediction-map-facts">{facts_line}</p>
        </div>
    }
    .into_any()
}

/// The test row of a selected incident.
fn selected_point(s: Option<Selected>) -> Option<u32> {
    match s {
        Some(Selected::Point(i)) => Some(i),
        _ => None,
    }
}

/// The contract name of a layer (`data-layer`).
fn layer_id(layer: Layer) -> &'static str {
    match layer {
        Layer::All => "all",
        Layer::Sample => "sample",
        Layer::Cells => "cells",
        Layer::Divisions => "divisions",
    }
}

/// Height of the title block above the map area, in pixels.
fn header() -> f64 {
    crate::core::charts::theme::HEADER as f64
}

/// The tooltip for canvas point `(x, y)`: the incident under it, or the division's figure.
fn hover_text(
    m: &MapDrawn,
    p: &TestPredictions,
    d: &MapData,
    class: usize,
    x: f64,
    y: f64,
) -> Option<String> {
    if !map_view::on_map(&m.projection, x, y) {
        return None;
    }
    match m.layer {
        Layer::All | Layer::Sample => {
            let i = m.hit(p, x, y - header(), HIT_PX)? as usize;
            let (a, q) = (p.actual[i] as usize, p.predicted[i] as usize);
            let mark = if a == q { "✓" } else { "✗" };
            Some(format!(
                "{mark} {} → predicted {} ({:.0}%)",
                p.classes.get(a).map_or("unknown", String::as_str),
                p.classes[q],
                100.0 * p.proba_of(i)[q]
            ))
        }
        Layer::Cells => None,
        Layer::Divisions => {
            let (lon, lat) = map_view::lon_lat(&m.projection, x, y);
            let area = geo::divisions()?.find(lon, lat)?;
            let g = d.division(area).filter(|g| g.rows > 0)?;
            let name = MapData::division_name(area);
            let (actual, predicted) = choropleth::class_shares(g, class);
            Some(format!(
                "{name}: {} test incidents · accuracy {:.1}% · macro-F1 {:.3} · {} {:.0}% actual, {:.0}% predicted",
                thousands(g.rows),
                100.0 * g.accuracy,
                g.macro_f1,
                p.classes.get(class).map_or("?", String::as_str),
                100.0 * actual,
                100.0 * predicted
            ))
        }
    }
}
