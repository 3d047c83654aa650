//! The one class palette: class `i` of a target has the same colour in every chart, map,
//! legend, bar and report (the map of predictions, the ROC and precision–recall curves, the
//! class balance, the what-if probabilities and the HTML report all read it from here).
//!
//! Okabe–Ito first (distinguishable with every common colour-vision deficiency), then darker
//! tones from Paul Tol's palettes that stay apart from them; colours repeat after twelve classes.

use plotters::style::RGBColor;

use super::theme;

/// Class colours, in class order.
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

/// The colour of class `i`.
pub fn class_color(i: usize) -> RGBColor {
    CLASS_COLORS[i % CLASS_COLORS.len()]
}

/// The colour of class `i` as CSS/SVG hex, `#0072b2`.
pub fn class_hex(i: usize) -> String {
    hex(class_color(i))
}

/// A colour as CSS/SVG hex, `#0072b2`.
pub fn hex(c: RGBColor) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_distinct_colours_that_repeat() {
        for (a, x) in CLASS_COLORS.iter().enumerate() {
            for (b, y) in CLASS_COLORS.iter().enumerate().skip(a + 1) {
                assert_ne!(x, y, "classes {a} and {b}");
            }
        }
        assert_eq!(class_color(12), class_color(0));
        assert_eq!(class_hex(0), "#0072b2");
        assert_eq!(class_hex(3), "#d55e00");
    }
}
