//! Geography for the maps: the 21 LAPD divisions and a flat projection.
//!
//! * [`Divisions`] parses `lapd_divisions.geojson` (features with `properties.PREC` = `AREA`
//!   code and `APREC` = name) into [`Division`] polygons with point-in-polygon lookup.
//! * [`Bounds`] is a longitude/latitude box: data extents and the maps' pan-and-zoom view.
//! * [`Projection`] maps longitude/latitude to pixels (equirectangular, longitude scaled by
//!   the cosine of the middle latitude, so shapes keep their proportions at LA's latitude).
//! * [`clip`] cuts projected rings to a pixel rectangle, so zoomed maps stay in their frame.
//! * [`svg`] turns the outlines into SVG path data for small vector maps.

pub mod bounds;
pub mod clip;
pub mod divisions;
pub mod projection;
pub mod svg;

pub use bounds::{Bounds, LA_BOUNDS};
pub use divisions::{Division, Divisions, Polygon};
pub use projection::Projection;
pub use svg::{fit_divisions, outline_paths, OutlinePath};
