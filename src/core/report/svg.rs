//! Charts as inline SVG: drawn with plotters' SVG backend (text sized by [`Estimated`], so it
//! works in a Web Worker), then made to scale with the page.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::html::escape;
use crate::core::charts::estimated::{svg_string, Estimated};
use crate::core::Result;

/// Draws `draw` on an SVG of `size` pixels and returns a `<figure>` holding it, scaled to fit
/// the column (`viewBox` kept, fixed width and height dropped), titled `label` for screen
/// readers.
pub fn figure(
    size: (u32, u32),
    label: &str,
    class: &str,
    draw: impl FnOnce(&DrawingArea<Estimated<SVGBackend>, Shift>) -> Result<()>,
) -> Result<String> {
    let svg = svg_string(size, draw)?;
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
