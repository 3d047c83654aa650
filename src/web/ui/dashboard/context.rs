//! [`DashContext`]: the signals the dashboard's components share besides
//! the page's [`DataSignals`](crate::web::ui::state::DataSignals).

use leptos::prelude::*;

use super::geo::GeoState;
use crate::core::charts::ChartKind;
use crate::core::geo::Bounds;

/// How long the dashboard on screen took.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// Engine time to compute the aggregates, in ms.
    pub compute_ms: f64,
    /// Main-thread time to draw every chart, in ms.
    pub draw_ms: f64,
}

/// The dashboard's own signals; `Copy`, provided as a context by the dashboard view.
#[derive(Debug, Clone, Copy)]
pub struct DashContext {
    /// Whether the division outlines are loaded.
    pub geo: RwSignal<GeoState>,
    /// The division map's window (`None` = fit the city).
    pub division_view: RwSignal<Option<Bounds>>,
    /// The density map's window (`None` = fit the data).
    pub density_view: RwSignal<Option<Bounds>>,
    /// Set once every chart of the current dashboard is drawn; `None` while computing.
    pub ready: RwSignal<Option<Timing>>,
    /// A drawing failure, for people.
    pub draw_error: RwSignal<Option<String>>,
    /// Bumped when the window is resized, so the charts redraw at their new size.
    pub resized: RwSignal<u32>,
}

impl DashContext {
    /// Fresh signals.
    pub fn new() -> DashContext {
        DashContext {
            geo: RwSignal::new(GeoState::Loading),
            division_view: RwSignal::new(None),
            density_view: RwSignal::new(None),
            ready: RwSignal::new(None),
            draw_error: RwSignal::new(None),
            resized: RwSignal::new(0),
        }
    }

    /// The view signal of a map (`None` for other charts).
    pub fn view(&self, kind: ChartKind) -> Option<RwSignal<Option<Bounds>>> {
        match kind {
            ChartKind::DivisionMap => Some(self.division_view),
            ChartKind::DensityMap => Some(self.density_view),
            _ => None,
        }
    }
}

impl Default for DashContext {
    fn default() -> Self {
        DashContext::new()
    }
}
