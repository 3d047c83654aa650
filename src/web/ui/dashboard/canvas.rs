//! Drawing a dashboard chart on its `<canvas>` (see [`crate::web::ui::plot`]).

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

use crate::core::charts::{draw, ChartInputs, ChartKind};
use crate::core::eda::Dashboard;
pub use crate::web::ui::plot::css_size;
use crate::web::ui::plot::{device_ratio, draw_on_canvas};

/// The canvas of a chart (found by its `data-testid`), if it is in the page.
pub fn chart_canvas(kind: ChartKind) -> Option<HtmlCanvasElement> {
    let selector = format!("canvas[data-testid=\"chart-{}\"]", kind.name());
    web_sys::window()?.document()?.query_selector(&selector).ok()??.dyn_into().ok()
}

/// Draws `kind` on its canvas; `Ok(false)` when the canvas is not in the page.
pub fn draw_chart(kind: ChartKind, d: &Dashboard, inputs: &ChartInputs) -> Result<bool, String> {
    let Some(canvas) = chart_canvas(kind) else {
        return Ok(false);
    };
    let size = css_size(&canvas);
    draw_on_canvas(&canvas, size, device_ratio(), |area| draw(kind, d, inputs, area))?;
    Ok(true)
}
