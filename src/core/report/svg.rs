//! Charts as inline SVG: drawn with plotters' SVG backend, then made to scale with the page.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::html::escape;
use crate::core::Result;

/// Draws `draw` on an SVG of `size` pixels and returns a `<figure>` holding it, scaled to fit
/// the column (`viewBox` kept, fixed width and height dropped), titled `label` for screen
/// readers.
pub fn figure(
    size: (u32, u32),
    label: &str,
    class: &str,
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<()>,
) -> Result<String> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&area)?;
        area.present()?;
    }
    Ok(format!("<figure class=\"{class}\">{}</figure>", responsive(&svg, size, label)))
}

/// Rewrites the opening `<svg …>` tag: a `viewBox`, a class, a role and a label.
fn responsive(svg: &str, (w, h): (u32, u32), label: &str) -> String {
    let Some(start) = svg.find("<svg") else { return svg.to_owned() };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else { return svg.to_owned() };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" class=\"chart\" role=\"img\" \
         aria-label=\"{}\" style=\"max-width:{w}px\">{}",
        escape(label),
        &svg[end + 1..]
    )
}
