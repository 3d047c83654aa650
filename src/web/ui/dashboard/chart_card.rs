//! One chart: its `<canvas>`, a PNG download button, and for maps, pan and zoom.

use leptos::prelude::*;
use web_sys::{MouseEvent, WheelEvent};

use super::canvas::{chart_canvas, css_size};
use super::context::DashContext;
use super::download::download_png;
use super::draw::draw_one;
use super::geo;
use super::map_view;
use crate::core::charts::{describe, ChartKind};
use crate::core::geo::Projection;
use crate::web::ui::chart_table::ChartTableToggle;
use crate::web::ui::state::{DataSignals, Notices};

/// CSS class setting the chart's size in the grid.
fn size_class(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::DivisionMap | ChartKind::DensityMap => "chart chart-map",
        ChartKind::Missing | ChartKind::CrimeTypes => "chart chart-tall",
        _ => "chart",
    }
}

/// A chart's card in the dashboard grid.
#[component]
pub fn ChartCard(
    /// Which chart.
    kind: ChartKind,
) -> impl IntoView {
    let notices = expect_context::<Notices>();
    let data = expect_context::<DataSignals>();
    let ctx = expect_context::<DashContext>();
    let name = kind.name();
    let on_download = move |_| {
        if let Err(message) = download_png(kind) {
            notices.error.set(Some(format!("Could not save the chart: {message}")));
        }
    };
    let map_tools = ctx.view(kind).map(|view| {
        // Redraw this map (only) whenever its view changes after the first drawing.
        // Several changes within one frame (a fast drag) draw once.
        let pending = StoredValue::new(false);
        Effect::new(move |previous: Option<()>| {
            view.track();
            if previous.is_some() && !pending.get_value() {
                pending.set_value(true);
                request_animation_frame(move || {
                    pending.set_value(false);
                    draw_one(data, ctx, kind);
                });
            }
        });
        view! {
            <button class="link" data-testid=format!("reset-view-{name}")
                disabled=move || view.with(Option::is_none)
                on:click=move |_| view.set(None)>"Reset view"</button>
            <span class="chart-hint">"wheel: zoom · drag: pan"</span>
        }
    });
    // The chart's text alternative: its summary labels the canvas, its table is one click away.
    let text = Memo::new(move |_| data.dashboard.with(|d| d.as_ref().map(|d| describe(kind, d))));
    let label = Signal::derive(move || {
        text.with(|t| t.as_ref().map_or_else(|| kind.title().to_owned(), |t| t.summary.clone()))
    });
    let canvas = match ctx.view(kind) {
        Some(view) => map_canvas(data, kind, view, label).into_any(),
        None => view! { <canvas data-testid=format!("chart-{name}") role="img" aria-label=label></canvas> }
            .into_any(),
    };
    view! {
        <figure class=size_class(kind)>
            {canvas}
            <figcaption class="chart-tools">
                {map_tools}
                <button class="link" data-testid=format!("download-{name}") title="Download this chart as a PNG image"
                    aria-label=format!("Download {} as PNG", kind.title()) on:click=on_download>"PNG ↓"</button>
            </figcaption>
            <ChartTableToggle name=name title=kind.title().to_owned() text=Signal::from(text) />
        </figure>
    }
}

/// The current projection of a map's canvas.
fn current_projection(
    data: DataSignals,
    kind: ChartKind,
    view: RwSignal<Option<crate::core::geo::Bounds>>,
) -> Option<Projection> {
    let canvas = chart_canvas(kind)?;
    let divisions = geo::divisions();
    data.dashboard.with_untracked(|d| {
        map_view::projection(kind, d.as_ref()?, divisions.as_deref(), view.get_untracked(), css_size(&canvas))
    })
}

/// A map's canvas with wheel zoom and drag pan.
fn map_canvas(
    data: DataSignals,
    kind: ChartKind,
    view: RwSignal<Option<crate::core::geo::Bounds>>,
    label: Signal<String>,
) -> impl IntoView {
    // The drag under way: start point and the projection at its start.
    let drag = StoredValue::new(None::<((f64, f64), Projection)>);
    let on_wheel = move |ev: WheelEvent| {
        let Some(proj) = current_projection(data, kind, view) else { return };
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        if !map_view::on_map(&proj, x, y) {
            return;
        }
        ev.prevent_default();
        view.set(Some(map_view::zoomed(&proj, x, y, ev.delta_y())));
    };
    let on_down = move |ev: MouseEvent| {
        let Some(proj) = current_projection(data, kind, view) else { return };
        let (x, y) = (ev.offset_x() as f64, ev.offset_y() as f64);
        if ev.button() == 0 && map_view::on_map(&proj, x, y) {
            ev.prevent_default();
            drag.set_value(Some(((x, y), proj)));
        }
    };
    let on_move = move |ev: MouseEvent| {
        if let Some((from, proj)) = drag.get_value() {
            if ev.buttons() & 1 == 0 {
                drag.set_value(None);
                return;
            }
            let to = (ev.offset_x() as f64, ev.offset_y() as f64);
            view.set(Some(map_view::panned(&proj, from, to)));
        }
    };
    let on_up = move |_: MouseEvent| drag.set_value(None);
    let on_leave = move |_: MouseEvent| drag.set_value(None);
    view! {
        <canvas data-testid=format!("chart-{}", kind.name()) class="map-canvas" role="img" aria-label=label
            on:wheel=on_wheel
            on:mousedown=on_down
            on:mousemove=on_move
            on:mouseup=on_up
            on:mouseleave=on_leave></canvas>
    }
}
