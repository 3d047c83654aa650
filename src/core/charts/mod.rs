//! Charts of the exploratory dashboard and of model results ([`results`]), drawn with plotters on any [`DrawingBackend`]
//! (the browser's `<canvas>` through plotters-canvas, SVG natively and in tests).
//!
//! * One file per chart: `draw_<name>(area, data…)` draws a titled chart filling `area`.
//! * [`ChartKind`] names the charts as the UI contract does (`chart-<name>` test ids) and
//!   [`draw`] dispatches a kind on a [`Dashboard`], so the page needs one call per canvas.
//! * [`palette`] colours each class, the same everywhere; [`theme`] holds the other
//!   colour-blind-safe colours (Okabe–Ito, viridis), fonts and number
//!   formatting shared by all charts; [`bars`] and [`legend`] the shared pieces.
//!
//! Charts are designed for about 600 × 360 pixels and stay legible from 480 × 300 up. Text
//! sizes are measured by the backend (the canvas in the browser; natively plotters' estimate).
//!
//! ```
//! use plotters::prelude::*;
//! use crimelab::core::charts::{draw, ChartInputs, ChartKind};
//! use crimelab::core::data::load_bytes;
//! use crimelab::core::eda::{dashboard, Filters, Options};
//! let csv = "DR_NO,DATE OCC,TIME OCC,AREA ,Crm Cd,Crm Cd Desc\n\
//!            1,10/15/2020 12:00:00 AM,2000,8,624,BATTERY - SIMPLE ASSAULT\n";
//! let ds = load_bytes(csv.as_bytes(), "tiny.csv").unwrap().dataset;
//! let d = dashboard(&ds, &Filters::default(), &Options::default()).unwrap();
//! let mut svg = String::new();
//! {
//!     let area = SVGBackend::with_string(&mut svg, (600, 360)).into_drawing_area();
//!     draw(ChartKind::CrimeTypes, &d, &ChartInputs::default(), &area).unwrap();
//!     area.present().unwrap();
//! }
//! assert!(svg.contains("Most frequent crime types"));
//! ```

pub mod associations;
pub mod bars;
pub mod crime_types;
pub mod density_map;
pub mod describe;
pub mod division_map;
pub mod divisions;
pub mod estimated;
pub mod hour_weekday;
pub mod legend;
pub mod map;
pub mod missing;
pub mod monthly;
pub mod palette;
pub mod prediction_map;
pub mod rect_image;
pub mod reporting_delay;
pub mod results;
pub mod sparkline;
pub mod theme;
pub mod victim_age;
pub mod victim_sex_descent;

use plotters::coord::Shift;
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

pub use associations::draw_associations;
pub use crime_types::{draw_crime_types, draw_premises};
pub use density_map::draw_density_map;
pub use describe::{describe, ChartText, DataTable};
pub use division_map::draw_division_map;
pub use divisions::draw_divisions;
pub use hour_weekday::draw_hour_weekday;
pub use missing::draw_missing;
pub use monthly::draw_monthly;
pub use prediction_map::draw_prediction_map;
pub use reporting_delay::draw_reporting_delay;
pub use sparkline::{draw_column_sparkline, draw_sparkline};
pub use victim_age::draw_victim_age;
pub use victim_sex_descent::draw_victim_sex_descent;

use crate::core::eda::Dashboard;
use crate::core::geo::{Bounds, Divisions};
use crate::core::{Error, Result};

/// Result of drawing a chart.
pub type ChartResult<T> = Result<T>;

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Error {
    fn from(err: DrawingAreaErrorKind<E>) -> Error {
        Error::internal(format!("drawing a chart failed: {err}"))
    }
}

/// The dashboard's charts, named as in the UI contract (`chart-<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// `missing`: missing values per column.
    Missing,
    /// `crime-types`: most frequent crime descriptions.
    CrimeTypes,
    /// `premises`: most frequent premises.
    Premises,
    /// `monthly`: incidents per month, records-system change marked.
    Monthly,
    /// `hour-weekday`: heatmap of hour of day × weekday.
    HourWeekday,
    /// `reporting-delay`: days from occurrence to report.
    ReportingDelay,
    /// `victim-age`: age histogram with unknown ages apart.
    VictimAge,
    /// `victim-sex-descent`: victim sex and descent.
    VictimSexDescent,
    /// `divisions`: incidents per division (bars).
    Divisions,
    /// `division-map`: choropleth of the 21 divisions.
    DivisionMap,
    /// `density-map`: LAT/LON density grid over the division outlines.
    DensityMap,
    /// `associations`: Cramér's V and Spearman matrices.
    Associations,
}

impl ChartKind {
    /// Every chart, in dashboard order (the page lays them out and draws them in this order:
    /// pairs that share a row of its two-column grid have the same height, and the two maps
    /// sit side by side).
    pub const ALL: &'static [ChartKind] = &[
        ChartKind::Missing,
        ChartKind::CrimeTypes,
        ChartKind::Premises,
        ChartKind::Monthly,
        ChartKind::HourWeekday,
        ChartKind::ReportingDelay,
        ChartKind::VictimAge,
        ChartKind::VictimSexDescent,
        ChartKind::Divisions,
        ChartKind::Associations,
        ChartKind::DivisionMap,
        ChartKind::DensityMap,
    ];

    /// The contract name (`crime-types`), used in `data-testid="chart-<name>"`.
    pub fn name(self) -> &'static str {
        match self {
            ChartKind::Missing => "missing",
            ChartKind::CrimeTypes => "crime-types",
            ChartKind::Premises => "premises",
            ChartKind::Monthly => "monthly",
            ChartKind::HourWeekday => "hour-weekday",
            ChartKind::ReportingDelay => "reporting-delay",
            ChartKind::VictimAge => "victim-age",
            ChartKind::VictimSexDescent => "victim-sex-descent",
            ChartKind::Divisions => "divisions",
            ChartKind::DivisionMap => "division-map",
            ChartKind::DensityMap => "density-map",
            ChartKind::Associations => "associations",
        }
    }

    /// The kind with a contract name.
    pub fn from_name(name: &str) -> Option<ChartKind> {
        ChartKind::ALL.iter().copied().find(|k| k.name() == name)
    }

    /// The chart's title.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Missing => "Missing values by column",
            ChartKind::CrimeTypes => "Most frequent crime types",
            ChartKind::Premises => "Most frequent premises",
            ChartKind::Monthly => "Incidents per month",
            ChartKind::HourWeekday => "When incidents happen",
            ChartKind::ReportingDelay => "Reporting delay",
            ChartKind::VictimAge => "Victim age",
            ChartKind::VictimSexDescent => "Victim sex and descent",
            ChartKind::Divisions => "Incidents per police division",
            ChartKind::DivisionMap => "Incidents by police division",
            ChartKind::DensityMap => "Where incidents happen",
            ChartKind::Associations => "Associations between columns",
        }
    }

    /// Whether the chart is a map (it takes the view window and the division outlines).
    pub fn is_map(self) -> bool {
        matches!(self, ChartKind::DivisionMap | ChartKind::DensityMap)
    }
}

/// What the charts need besides the dashboard.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChartInputs<'a> {
    /// The division polygons (parsed once from `lapd_divisions.geojson`); without them the
    /// division map shows a note and the density map has no outlines.
    pub divisions: Option<&'a Divisions>,
    /// The maps' longitude/latitude window (pan and zoom); `None` fits the data.
    pub view: Option<Bounds>,
}

/// The projection a map chart uses on a canvas of `size` pixels (canvas coordinates), for
/// pan and zoom: `None` for charts that are not maps or have no data.
///
/// Zoom under the mouse: `let (lon, lat) = p.to_lon_lat(x, y);` then
/// `view = p.view.zoom(0.8, lon, lat)`; drag: `p.view.pan(-dx / width, dy / height)`.
pub fn map_projection(
    kind: ChartKind,
    d: &Dashboard,
    inputs: &ChartInputs,
    size: (u32, u32),
) -> Option<crate::core::geo::Projection> {
    let fallback = match kind {
        ChartKind::DivisionMap => inputs.divisions?.bounds,
        ChartKind::DensityMap => {
            let g = d.density.as_ref()?;
            g.data_bounds.unwrap_or(g.bounds)
        }
        _ => return None,
    };
    Some(map::canvas_projection(inputs.view, fallback, size))
}

/// Draws one chart of the dashboard on `area`.
pub fn draw<DB: DrawingBackend>(
    kind: ChartKind,
    d: &Dashboard,
    inputs: &ChartInputs,
    area: &DrawingArea<DB, Shift>,
) -> Result<()> {
    let note = |why: &str| -> Result<()> {
        let body = theme::header(area, kind.title(), "")?;
        theme::no_data(&body, why)
    };
    if d.rows == 0 {
        return note("No incidents match the filters");
    }
    let absent = || note("The file has no column for this chart");
    match kind {
        ChartKind::Missing => draw_missing(area, &d.missing, d.rows),
        ChartKind::CrimeTypes => match &d.crime_types {
            Some(l) => draw_crime_types(area, l, d.weapons.as_ref()),
            None => absent(),
        },
        ChartKind::Premises => match &d.premises {
            Some(l) => draw_premises(area, l),
            None => absent(),
        },
        ChartKind::Monthly => match &d.monthly {
            Some(m) => draw_monthly(area, m),
            None => absent(),
        },
        ChartKind::HourWeekday => match &d.hour_weekday {
            Some(h) => draw_hour_weekday(area, h),
            None => absent(),
        },
        ChartKind::ReportingDelay => match &d.reporting_delay {
            Some(r) => draw_reporting_delay(area, r),
            None => absent(),
        },
        ChartKind::VictimAge => match &d.victim_age {
            Some(a) => draw_victim_age(area, a),
            None => absent(),
        },
        ChartKind::VictimSexDescent => draw_victim_sex_descent(area, &d.victims),
        ChartKind::Divisions => match &d.divisions {
            Some(c) => draw_divisions(area, c),
            None => absent(),
        },
        ChartKind::DivisionMap => match (&d.divisions, inputs.divisions) {
            (Some(c), Some(g)) => draw_division_map(area, c, g, inputs.view),
            (None, _) => absent(),
            (_, None) => note("Division outlines not loaded"),
        },
        ChartKind::DensityMap => match &d.density {
            Some(g) => draw_density_map(area, g, inputs.divisions, inputs.view),
            None => absent(),
        },
        ChartKind::Associations => draw_associations(area, &d.associations),
    }
}
