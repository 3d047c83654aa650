//! Colours of the prediction map beyond the classes' (which come from
//! [`palette`](crate::core::charts::palette)): the correct / wrong pair.

use plotters::style::RGBColor;

use crate::core::charts::theme;

/// Colour of a correct prediction.
pub const CORRECT: RGBColor = theme::BLUE;
/// Colour of a wrong prediction.
pub const WRONG: RGBColor = theme::VERMILLION;

/// From [`WRONG`] (share 0) to [`CORRECT`] (share 1), for cells of mixed predictions.
pub fn correct_share(share: f64) -> RGBColor {
    let t = share.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(mix(WRONG.0, CORRECT.0), mix(WRONG.1, CORRECT.1), mix(WRONG.2, CORRECT.2))
}
