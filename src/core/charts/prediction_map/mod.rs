//! `prediction-map`: a run's test incidents on the 21 LAPD divisions, no tile server needed.
//!
//! * [`MapMode::Predicted`] / [`MapMode::Correct`]: the incidents as points coloured by the
//!   predicted class, or by whether the prediction was right. Up to [`MapOptions::cap`] points
//!   in the view are all drawn; beyond, a random sample of `cap` of them (the map says how
//!   many); beyond [`MapOptions::aggregate_above`], cells of [`points::CELL_PX`] pixels
//!   aggregate them all (colour: the most predicted class, or the share right). Incidents
//!   without a location are never drawn, and counted.
//! * [`MapMode::Accuracy`] / [`MapMode::MacroF1`]: a choropleth of the metric per division.
//! * [`MapMode::Share`]: per division, the actual and the predicted share of one class, the
//!   fill showing the difference.
//!
//! [`MapData`] holds what is computed once per run; [`draw_prediction_map`] draws one view
//! (pan and zoom through [`MapOptions::view`]) and returns what it drew ([`MapDrawn`]), from
//! which [`MapDrawn::hit`] finds the point under the mouse.

pub mod choropleth;
pub mod colors;
pub mod data;
pub mod points;

use plotters::coord::Shift;
use plotters::prelude::*;

pub use data::MapData;

use super::theme::{self, OUTLINE};
use super::{legend, map, ChartResult};
use crate::core::eval::TestPredictions;
use crate::core::format::thousands;
use crate::core::geo::{Bounds, Divisions, Projection};

/// Width of the legend column, in pixels (class names need room).
pub const LEGEND_W: u32 = 170;

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapMode {
    /// Points coloured by predicted class.
    Predicted,
    /// Points coloured by right or wrong.
    Correct,
    /// Divisions filled by accuracy.
    Accuracy,
    /// Divisions filled by macro-F1.
    MacroF1,
    /// Divisions: actual vs predicted share of one class.
    Share,
}

impl MapMode {
    /// Every mode, in menu order.
    pub const ALL: [MapMode; 5] =
        [MapMode::Predicted, MapMode::Correct, MapMode::Accuracy, MapMode::MacroF1, MapMode::Share];

    /// Stable id (`<option value>`).
    pub fn id(self) -> &'static str {
        match self {
            MapMode::Predicted => "predicted",
            MapMode::Correct => "correct",
            MapMode::Accuracy => "accuracy",
            MapMode::MacroF1 => "macro-f1",
            MapMode::Share => "share",
        }
    }

    /// The mode with an id.
    pub fn from_id(id: &str) -> Option<MapMode> {
        MapMode::ALL.into_iter().find(|m| m.id() == id)
    }

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            MapMode::Predicted => "Incidents by predicted class",
            MapMode::Correct => "Incidents: right or wrong",
            MapMode::Accuracy => "Accuracy per division",
            MapMode::MacroF1 => "Macro-F1 per division",
            MapMode::Share => "Share of a class per division",
        }
    }

    /// Whether the mode draws points (else divisions).
    pub fn is_points(self) -> bool {
        matches!(self, MapMode::Predicted | MapMode::Correct)
    }

    fn metric_name(self) -> &'static str {
        if self == MapMode::MacroF1 {
            "macro-F1"
        } else {
            "accuracy"
        }
    }
}

/// How to draw the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapOptions {
    /// What to show.
    pub mode: MapMode,
    /// The class of [`MapMode::Share`].
    pub class: usize,
    /// The longitude/latitude window (`None`: the 21 divisions).
    pub view: Option<Bounds>,
    /// Most points drawn; more in the view are sampled.
    pub cap: usize,
    /// Above this many points in the view, cells aggregate them instead.
    pub aggregate_above: usize,
    /// A test row to ring (the clicked incident), if it is drawn.
    pub highlight: Option<u32>,
}

impl Default for MapOptions {
    fn default() -> MapOptions {
        MapOptions {
            mode: MapMode::Predicted,
            class: 0,
            view: None,
            cap: 8_000,
            aggregate_above: 40_000,
            highlight: None,
        }
    }
}

/// How the points of the view were drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// Every point in the view.
    All,
    /// A random sample of the points in the view.
    Sample,
    /// Cells aggregating the points in the view.
    Cells,
    /// Divisions (no points).
    Divisions,
}

/// What one drawing showed, for the page's figures and for finding the point under the mouse.
#[derive(Debug, Clone, PartialEq)]
pub struct MapDrawn {
    /// The projection of the map area (its top-left corner at the area's `(0, 0)`; on the
    /// canvas, the area starts [`theme::HEADER`] pixels down).
    pub projection: Projection,
    /// How the points were drawn.
    pub layer: Layer,
    /// Located test incidents inside the view.
    pub in_view: usize,
    /// Test rows drawn as points (indices into the predictions), in drawing order.
    pub drawn: Vec<u32>,
    /// Aggregate cells drawn.
    pub cells: usize,
    /// Test incidents without a location (never drawn).
    pub hidden: usize,
}

impl MapDrawn {
    /// The drawn point nearest to map-area pixel `(x, y)`, within `radius` pixels (the last
    /// drawn, on top, wins ties).
    pub fn hit(&self, p: &TestPredictions, x: f64, y: f64, radius: f64) -> Option<u32> {
        let mut best = None;
        let mut best_d = radius * radius;
        for &i in self.drawn.iter().rev() {
            let (px, py) =
                self.projection.to_px(p.incidents.lon[i as usize] as f64, p.incidents.lat[i as usize] as f64);
            let d = (px - x).powi(2) + (py - y).powi(2);
            if d < best_d {
                best_d = d;
                best = Some(i);
            }
        }
        best
    }
}

/// The projection of the map part of a canvas of `size` pixels, in the map area's pixels (as
/// [`draw_prediction_map`] uses it). Without a view it fits [`default_view`].
pub fn projection(
    view: Option<Bounds>,
    data: &MapData,
    divisions: &Divisions,
    (w, h): (u32, u32),
) -> Projection {
    let map_w = w.saturating_sub(LEGEND_W);
    let map_h = h.saturating_sub(theme::HEADER);
    let view = view.unwrap_or_else(|| default_view(data, divisions));
    map::fit(Some(view), divisions.bounds, (0, 0), (map_w, map_h))
}

/// The view before any pan or zoom: the divisions holding at least 0.5% of the test incidents
/// and the box of the located incidents, so every division with data shows whole.
pub fn default_view(data: &MapData, divisions: &Divisions) -> Bounds {
    let total: u64 = data.divisions.iter().map(|m| m.rows).sum();
    let mut view = Bounds::empty();
    for m in data.divisions.iter().filter(|m| m.rows > 0 && m.rows * 200 >= total) {
        if let Some(d) = divisions.get(m.group as i32 + 1) {
            view.union(&d.bounds);
        }
    }
    if let Some(b) = data.data_bounds {
        view.union(&b);
    }
    if view.is_empty() {
        divisions.bounds.pad(0.02)
    } else {
        view.pad(0.02)
    }
}

/// Draws the map of `p`'s test incidents on `area`.
pub fn draw_prediction_map<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &TestPredictions,
    data: &MapData,
    divisions: &Divisions,
    options: &MapOptions,
) -> ChartResult<MapDrawn> {
    let mode = options.mode;
    let (w, h) = area.dim_in_pixel();
    let proj = projection(options.view, data, divisions, (w, h));
    // Draw the map first: the subtitle depends on what was drawn, so it goes on a header
    // drawn afterwards over a blank strip.
    area.fill(&WHITE)?;
    let (head, body) = area.split_vertically(theme::HEADER);
    let (main, key) = body.split_horizontally(w.saturating_sub(LEGEND_W));
    let mut drawn = MapDrawn {
        projection: proj,
        layer: Layer::Divisions,
        in_view: 0,
        drawn: Vec::new(),
        cells: 0,
        hidden: data.hidden,
    };
    let class = options.class.min(p.k().saturating_sub(1));
    let subtitle = match mode {
        MapMode::Predicted | MapMode::Correct => {
            map::draw_divisions(
                &main,
                &proj,
                divisions,
                |_| Some(RGBColor(246, 246, 246)),
                OUTLINE.mix(0.7).stroke_width(1),
            )?;
            let pts = points::draw_points(&main, &proj, p, data, mode, options.cap, options.aggregate_above)?;
            if let Some(i) = options.highlight.filter(|i| pts.drawn.contains(i)) {
                points::ring(&main, &proj, p, i)?;
            }
            map::frame(&main, &proj)?;
            point_legend(&key, p, mode, pts.layer)?;
            drawn.layer = pts.layer;
            drawn.in_view = pts.in_view;
            drawn.cells = pts.cells;
            let what = match pts.layer {
                Layer::All => format!("all {} test incidents in view", thousands(pts.in_view as u64)),
                Layer::Sample => format!(
                    "random sample of {} of {} test incidents in view",
                    thousands(pts.drawn.len() as u64),
                    thousands(pts.in_view as u64)
                ),
                _ => format!(
                    "{} test incidents in view, in {} cells (zoom in for single incidents)",
                    thousands(pts.in_view as u64),
                    thousands(pts.cells as u64)
                ),
            };
            drawn.drawn = pts.drawn;
            format!("{what} · {} without location not shown", thousands(data.hidden as u64))
        }
        MapMode::Accuracy | MapMode::MacroF1 => {
            choropleth::draw_metric(&main, &key, &proj, divisions, data, mode)?;
            let with_rows = data.divisions.iter().filter(|m| m.rows > 0);
            let best = with_rows.clone().max_by(|a, b| {
                choropleth::metric_value(mode, a).total_cmp(&choropleth::metric_value(mode, b))
            });
            let worst = with_rows.min_by(|a, b| {
                choropleth::metric_value(mode, a).total_cmp(&choropleth::metric_value(mode, b))
            });
            match (best, worst) {
                (Some(b), Some(w)) => format!(
                    "{} of {} test incidents · best {} {:.1}%, worst {} {:.1}%",
                    mode.metric_name(),
                    thousands(p.len() as u64),
                    MapData::division_name(b.group as i32 + 1),
                    100.0 * choropleth::metric_value(mode, b),
                    MapData::division_name(w.group as i32 + 1),
                    100.0 * choropleth::metric_value(mode, w),
                ),
                _ => "No test incident has a known division".to_owned(),
            }
        }
        MapMode::Share => {
            choropleth::draw_share(&main, &key, &proj, divisions, data, class)?;
            format!(
                "Labels: actual → predicted share of {} among each division's test incidents",
                p.classes.get(class).map_or("?", String::as_str)
            )
        }
    };
    let title = match mode {
        MapMode::Predicted => "Test incidents by predicted class".to_owned(),
        MapMode::Correct => "Test incidents: prediction right or wrong".to_owned(),
        MapMode::Accuracy => "Accuracy per police division".to_owned(),
        MapMode::MacroF1 => "Macro-F1 per police division".to_owned(),
        MapMode::Share => {
            format!("Where the model predicts {}", p.classes.get(class).map_or("?", String::as_str))
        }
    };
    theme::header(&head, &title, &subtitle)?;
    Ok(drawn)
}

/// The legend of the point modes.
fn point_legend<DB: DrawingBackend>(
    key: &DrawingArea<DB, Shift>,
    p: &TestPredictions,
    mode: MapMode,
    layer: Layer,
) -> ChartResult<()> {
    let cells = layer == Layer::Cells;
    match mode {
        MapMode::Correct if cells => legend::color_bar(
            key,
            "share predicted\nright per cell",
            colors::correct_share,
            &[(0.0, "0%".into()), (0.5, "50%".into()), (1.0, "100%".into())],
        ),
        MapMode::Correct => legend::swatches(
            key,
            "prediction",
            &[(colors::CORRECT, "right".to_owned()), (colors::WRONG, "wrong".to_owned())],
        ),
        _ => {
            let items: Vec<_> = p
                .classes
                .iter()
                .enumerate()
                .map(|(c, name)| (crate::core::charts::palette::class_color(c), name.clone()))
                .collect();
            let caption = if cells { "most predicted class\n(darker: more)" } else { "predicted class" };
            legend::swatches(key, caption, &items)
        }
    }
}
