//! The map of a run's test predictions in its result card (`prediction-map`): a collapsed
//! panel that, once opened, draws the map with plotters on a canvas, pans and zooms it, and
//! shows the details of the clicked incident or division.
//!
//! * [`PredictionMapPanel`]: the `<details>` panel; the map and its data exist only while open.
//! * [`map::PredictionMap`]: controls, canvas, pointer handling and drawing.
//! * [`details::MapDetails`]: the clicked point's (or division's) facts.

mod details;
mod map;

use leptos::prelude::*;

use crate::web::ui::state::SharedPredictions;

/// What was clicked on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Selected {
    /// A test incident (index into the predictions).
    Point(u32),
    /// A division (`AREA` code).
    Division(i32),
}

/// The "Map of predictions" panel of a result card.
#[component]
pub fn PredictionMapPanel(
    /// The run's predictions (None: the panel says they are unavailable).
    predictions: Option<SharedPredictions>,
    /// Model id, for file names.
    model: String,
    /// Run number, for file names.
    id: u64,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let body = move || {
        if !open.get() {
            return None;
        }
        Some(match predictions.clone() {
            Some(p) => {
                view! { <map::PredictionMap predictions=p.0 file_stem=format!("crimelab-{model}-run{id}") /> }
                    .into_any()
            }
            None => {
                view! { <p class="hint">"The test predictions of this run are not available."</p> }.into_any()
            }
        })
    };
    view! {
        <details class="prediction-map-panel" data-testid="prediction-map-panel"
            on:toggle=move |_| open.update(|o| *o = !*o)>
            <summary>"Map of predictions"</summary>
            {body}
        </details>
    }
}
