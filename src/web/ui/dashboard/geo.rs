//! The division outlines for the maps: fetched once from `data/lapd_divisions.geojson`,
//! parsed with [`crate::core::geo`] and kept for the page's lifetime.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use crate::core::geo::Divisions;

/// Where Trunk copies the outlines.
const GEOJSON_URL: &str = "data/lapd_divisions.geojson";

thread_local! {
    static DIVISIONS: RefCell<Option<Rc<Divisions>>> = const { RefCell::new(None) };
}

/// Whether the outlines are loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum GeoState {
    /// Still fetching.
    Loading,
    /// Loaded: [`divisions`] has them.
    Ready,
    /// Fetching or parsing failed (the maps draw without outlines).
    Failed(String),
}

/// The outlines, once loaded.
pub fn divisions() -> Option<Rc<Divisions>> {
    DIVISIONS.with(|d| d.borrow().clone())
}

/// Starts fetching the outlines; `state` becomes `Ready` or `Failed`.
pub fn load(state: RwSignal<GeoState>) {
    if divisions().is_some() {
        state.set(GeoState::Ready);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match fetch_text(GEOJSON_URL)
            .await
            .and_then(|t| Divisions::from_geojson(&t).map_err(|e| e.to_string()))
        {
            Ok(parsed) => {
                DIVISIONS.with(|d| *d.borrow_mut() = Some(Rc::new(parsed)));
                state.set(GeoState::Ready);
            }
            Err(message) => state.set(GeoState::Failed(message)),
        }
    });
}

async fn fetch_text(url: &str) -> Result<String, String> {
    let response = crate::web::fetch::fetch_ok(url).await?;
    let text = crate::web::fetch::body(response.text()).await?;
    text.as_string().ok_or_else(|| "not text".to_owned())
}
