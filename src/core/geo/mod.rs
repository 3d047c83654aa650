//! Geography for the maps: the 21 LAPD divisions and a flat projection.
//!
//! * [`Divisions`] parses `lapd_divisions.geojson` (features with `properties.PREC` = `AREA`
//!   code and `APREC` = name) into [`Division`] polygons with point-in-polygon lookup.
//! * [`Bounds`] is a longitude/latitude box: data extents and the maps' pan-and-zoom view.
//! * [`Projection`] maps longitude/latitude to pixels (equirectangular, longitude scaled by
//!   the cosine of the middle latitude, so shapes keep their proportions at LA's latitude).
//! * [`clip`] cuts projected rings to a pixel rectangle, so zoomed maps stay in their frame.

pub mod bounds;
pub mod clip;
pub mod divisions;
pub mod projection;

pub use bounds::{Bounds, LA_BOUNDS};
pub use divisions::{Division, Divisions, Polygon};
pub use projection::Projection;
