//! Colours of the prediction map: one per class (colour-blind-safe first), and the
//! correct / wrong pair.

use plotters::style::RGBColor;

use crate::core::charts::theme;

/// Class colours: Okabe–Ito first, then darker tones that stay apart from them.
pub const CLASS_COLORS: [RGBColor; 12] = [
    theme::BLUE,
    theme::ORANGE,
    theme::GREEN,
    theme::VERMILLION,
    theme::PURPLE,
    theme::SKY,
    RGBColor(183, 159, 0),
    RGBColor(51, 51, 51),
    RGBColor(136, 34, 85),
    RGBColor(68, 170, 153),
    RGBColor(51, 34, 136),
    RGBColor(153, 153, 153),
];

/// Colour of a correct prediction.
pub const CORRECT: RGBColor = theme::BLUE;
/// Colour of a wrong prediction.
pub const WRONG: RGBColor = theme::VERMILLION;

/// The colour of class `c` (colours repeat after twelve classes).
pub fn class_color(c: u32) -> RGBColor {
    CLASS_COLORS[c as usize % CLASS_COLORS.len()]
}

/// From [`WRONG`] (share 0) to [`CORRECT`] (share 1), for cells of mixed predictions.
pub fn correct_share(share: f64) -> RGBColor {
    let t = share.clamp(0.0, 1.0);
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * t).round() as u8;
    RGBColor(mix(WRONG.0, CORRECT.0), mix(WRONG.1, CORRECT.1), mix(WRONG.2, CORRECT.2))
}
