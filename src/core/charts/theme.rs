//! Shared look of every chart: colour-blind-safe colours, fonts, number formatting, label
//! truncation and the title block.
//!
//! Categorical colours are the Okabe–Ito palette; sequential scales interpolate viridis
//! (light yellow for few, dark purple for many, so empty cells fade into the white page);
//! the diverging scale for correlations runs blue – white – vermillion.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartResult;

/// Okabe–Ito blue: the main bar colour.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Okabe–Ito orange.
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// Okabe–Ito sky blue.
pub const SKY: RGBColor = RGBColor(86, 180, 233);
/// Okabe–Ito bluish green.
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
/// Okabe–Ito vermillion: markers and highlights.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Okabe–Ito reddish purple.
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Text colour.
pub const INK: RGBColor = RGBColor(33, 33, 33);
/// Secondary text colour.
pub const MUTED: RGBColor = RGBColor(96, 96, 96);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(226, 226, 226);
/// Outlines on maps.
pub const OUTLINE: RGBColor = RGBColor(90, 90, 90);

/// Font family of every text.
pub const FONT: &str = "sans-serif";

/// Height of the title block (title and subtitle), in pixels.
pub const HEADER: u32 = 52;

const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 45, 123),
    (59, 82, 139),
    (44, 114, 142),
    (33, 145, 140),
    (40, 174, 128),
    (94, 201, 98),
    (173, 220, 48),
    (253, 231, 37),
];

/// Sequential colour for `t` in 0–1: 0 light yellow, 1 dark purple (reversed viridis).
pub fn sequential(t: f64) -> RGBColor {
    let t = 1.0 - t.clamp(0.0, 1.0);
    let x = t * (VIRIDIS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS.len() - 2);
    let f = x - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |p: u8, q: u8| (p as f64 + (q as f64 - p as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Diverging colour for `v` in −1–1: blue, white at 0, vermillion.
pub fn diverging(v: f64) -> RGBColor {
    let v = v.clamp(-1.0, 1.0);
    let end = if v < 0.0 { BLUE } else { VERMILLION };
    let f = v.abs();
    let mix = |p: u8| (255.0 + (p as f64 - 255.0) * f).round() as u8;
    RGBColor(mix(end.0), mix(end.1), mix(end.2))
}

/// Black or white, whichever reads better on `bg`.
pub fn text_on(bg: RGBColor) -> RGBColor {
    let l = 0.299 * bg.0 as f64 + 0.587 * bg.1 as f64 + 0.114 * bg.2 as f64;
    if l > 140.0 {
        INK
    } else {
        WHITE
    }
}

/// Text style of `size` pixels in `color`.
pub fn text(size: u32, color: RGBColor) -> TextStyle<'static> {
    TextStyle { font: (FONT, size).into_font(), color: color.to_backend_color(), pos: Pos::default() }
}

/// Text style anchored at a point (`h`, `v`).
pub fn anchored(size: u32, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    text(size, color).pos(Pos::new(h, v))
}

/// Tick label style.
pub fn tick() -> TextStyle<'static> {
    text(12, INK)
}

/// Axis title style.
pub fn axis() -> TextStyle<'static> {
    text(13, MUTED)
}

/// Formats an axis value: `12,500`, `250k`, `1.2M`, `0.25`.
pub fn number(v: f64) -> String {
    let a = v.abs();
    let sign = if v < 0.0 { "-" } else { "" };
    if a >= 1e6 {
        format!("{sign}{:.1}M", a / 1e6).replace(".0M", "M")
    } else if a >= 1e5 {
        format!("{sign}{:.0}k", a / 1e3)
    } else if v.fract() == 0.0 || a >= 100.0 {
        format!("{sign}{}", crate::core::format::thousands(a.round() as u64))
    } else if a >= 1.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

/// Formats a tick of an axis running up to `max`, in one unit for the whole axis:
/// `25,000` below 100,000, `250k` below 2 million, `1.5M` above.
pub fn axis_number(v: f64, max: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if max >= 2e6 {
        format!("{:.1}M", v / 1e6).replace(".0M", "M")
    } else if max >= 1e5 {
        format!("{:.0}k", v / 1e3)
    } else {
        number(v)
    }
}

/// A percentage with one decimal: `12.3%`.
pub fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".into();
    }
    format!("{:.1}%", 100.0 * part as f64 / whole as f64)
}

/// Shortens a label to `max` characters, ending with `…` when cut.
pub fn truncate(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_owned();
    }
    let mut out: String = label.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_owned();
    out.push('…');
    out
}

/// Rough width in pixels of `chars` characters at `size` pixels (sans-serif average).
pub fn text_width(chars: usize, size: u32) -> u32 {
    (chars as f64 * size as f64 * 0.56).ceil() as u32
}

/// Clears `area`, draws the title and subtitle, and returns the area below them.
pub fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> ChartResult<DrawingArea<DB, Shift>> {
    area.fill(&WHITE)?;
    let (w, _) = area.dim_in_pixel();
    // Generous: canvas text is narrower than this average, and a cut subtitle loses facts.
    let max_chars = (w.saturating_sub(24) as f64 / (13.0 * 0.5)) as usize;
    area.draw(&Text::new(title.to_owned(), (12, 8), text(18, INK).pos(Pos::new(HPos::Left, VPos::Top))))?;
    area.draw(&Text::new(
        truncate(subtitle, max_chars),
        (12, 32),
        text(13, MUTED).pos(Pos::new(HPos::Left, VPos::Top)),
    ))?;
    Ok(area.split_vertically(HEADER).1)
}

/// Draws "No data" in the middle of `area` (for empty selections and absent columns).
pub fn no_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, why: &str) -> ChartResult<()> {
    let (w, h) = area.dim_in_pixel();
    area.draw(&Text::new(
        why.to_owned(),
        (w as i32 / 2, h as i32 / 2),
        anchored(14, MUTED, HPos::Center, VPos::Center),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_truncates() {
        assert_eq!(number(12500.0), "12,500");
        assert_eq!(number(2_000_000.0), "2M");
        assert_eq!(number(250_000.0), "250k");
        assert_eq!(axis_number(50_000.0, 200_000.0), "50k");
        assert_eq!(axis_number(50_000.0, 90_000.0), "50,000");
        assert_eq!(axis_number(1_500_000.0, 3e6), "1.5M");
        assert_eq!(number(0.25), "0.25");
        assert_eq!(truncate("BATTERY - SIMPLE ASSAULT", 10), "BATTERY -…");
        assert_eq!(truncate("SHORT", 10), "SHORT");
        assert_eq!(sequential(1.0), RGBColor(68, 1, 84));
        assert_eq!(diverging(0.0), RGBColor(255, 255, 255));
    }
}
