//! The what-if form's location picker: the 21 division outlines as SVG, the incident's point,
//! and a click that moves the incident there (the division containing the point and its
//! LAT/LON).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MouseEvent;

use crate::core::geo::{fit_divisions, outline_paths, Bounds, Divisions, Projection};
use crate::core::whatif::Incident;
use crate::web::ui::dashboard::geo::{self, GeoState};

/// The SVG's size in its own pixels (the page scales it to the column's width).
const WIDTH: u32 = 320;
const HEIGHT: u32 = 300;

/// Rounds a coordinate to 4 decimals (about 10 m), as the export writes them.
pub fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// The `data-view` attribute: the view's `lon_min,lat_min,lon_max,lat_max`, so a test can
/// turn a point into a click position.
fn view_attr(b: &Bounds) -> String {
    format!("{},{},{},{}", b.lon_min, b.lat_min, b.lon_max, b.lat_max)
}

/// Moves the incident to the point under a click, when it falls in a division; returns
/// whether it did.
fn click_to(ev: &MouseEvent, proj: &Projection, divisions: &Divisions, incident: RwSignal<Incident>) -> bool {
    let Some(svg) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else {
        return false;
    };
    let rect = svg.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return false;
    }
    // The SVG keeps its aspect ratio, so one scale maps page pixels to its own.
    let x = (ev.client_x() as f64 - rect.left()) * WIDTH as f64 / rect.width();
    let y = (ev.client_y() as f64 - rect.top()) * HEIGHT as f64 / rect.height();
    let (lon, lat) = proj.to_lon_lat(x, y);
    let Some(area) = divisions.find(lon, lat) else { return false };
    incident.update(|i| {
        i.area = area;
        i.lat = Some(round4(lat));
        i.lon = Some(round4(lon));
    });
    true
}

/// The map: outlines (the incident's division highlighted), its point, click to move it.
#[component]
pub fn LocationMap(
    /// The incident whose division and LAT/LON the map shows and sets.
    incident: RwSignal<Incident>,
) -> impl IntoView {
    let geo_state = RwSignal::new(GeoState::Loading);
    geo::load(geo_state);
    let outside = RwSignal::new(false);
    move || {
        if geo_state.get() != GeoState::Ready {
            let text = match geo_state.get() {
                GeoState::Failed(m) => format!("The division outlines could not be loaded ({m})."),
                _ => "Loading the division outlines…".to_owned(),
            };
            return view! { <p class="hint">{text}</p> }.into_any();
        }
        let Some(divisions) = geo::divisions() else { return ().into_any() };
        let proj = fit_divisions(&divisions, WIDTH, HEIGHT);
        let paths = outline_paths(&divisions, &proj)
            .into_iter()
            .map(|p| {
                let area = p.area;
                let title = divisions.get(area).map(|d| d.title()).unwrap_or_default();
                view! {
                    <path d=p.d data-area=area.to_string() class="division"
                        class:selected=move || incident.with(|i| i.area == area)><title>{title}</title></path>
                }
            })
            .collect_view();
        let marker = move || {
            incident.with(|i| {
                let (lat, lon) = (i.lat?, i.lon?);
                let (x, y) = proj.to_px(lon, lat);
                Some(view! { <circle class="marker" data-testid="whatif-marker" cx=format!("{x:.1}") cy=format!("{y:.1}") r="5" /> })
            })
        };
        let on_click = {
            let divisions = divisions.clone();
            move |ev: MouseEvent| outside.set(!click_to(&ev, &proj, &divisions, incident))
        };
        view! {
            <div class="whatif-map">
                <svg data-testid="whatif-map" viewBox=format!("0 0 {WIDTH} {HEIGHT}") data-view=view_attr(&proj.view)
                    role="img" aria-label="LAPD divisions: click to place the incident" on:click=on_click>
                    {paths}
                    {marker}
                </svg>
                <p class="hint">{move || if outside.get() { "That point is outside the LAPD divisions." } else { "Click the map to place the incident." }}</p>
            </div>
        }
        .into_any()
    }
}
