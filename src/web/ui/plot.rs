//! Drawing core charts on a `<canvas>` at its device-pixel size, on the page or off it (PNG).
//!
//! The canvas's bitmap is sized to its CSS box times `devicePixelRatio` and the context is
//! scaled by that ratio, while plotters is told the CSS size ([`CssSized`]): the charts keep
//! their designed pixel sizes for text and lines, and come out crisp on high-density screens.
//! Text is measured with the canvas's `measureText` (plotters' default adds a `<span>` to the
//! page and forces a layout for every label).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The drawing area a chart gets on a canvas.
pub type CanvasArea = DrawingArea<CssSized, Shift>;

/// A canvas backend that reports the canvas's CSS size instead of its bitmap size.
pub struct CssSized {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    size: (u32, u32),
}

type Fallible = Result<(), DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl DrawingBackend for CssSized {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Fallible {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Fallible {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Fallible {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Fallible {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Fallible {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Fallible {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Fallible {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Fallible {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Fallible {
        self.inner.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.context.set_font(&format!(
            "{} {}px {}",
            style.style().as_str(),
            style.size(),
            style.family().as_str()
        ));
        let width = self.context.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        Ok((width.ceil() as u32, (style.size() * 1.2).round() as u32))
    }
}

/// The CSS size of a canvas, in pixels (at least 1 × 1).
pub fn css_size(canvas: &HtmlCanvasElement) -> (u32, u32) {
    (canvas.client_width().max(1) as u32, canvas.client_height().max(1) as u32)
}

/// The screen's device-pixel ratio, between 1 and 4.
pub fn device_ratio() -> f64 {
    web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 4.0)
}

/// Draws on `canvas` as a `size` (CSS pixels) area, its bitmap `ratio` times larger, and
/// returns what `draw` returns. Each finished drawing adds one to the canvas's `data-draws`
/// attribute, so tests can wait for a redraw instead of sleeping.
pub fn draw_on_canvas<R>(
    canvas: &HtmlCanvasElement,
    (w, h): (u32, u32),
    ratio: f64,
    draw: impl FnOnce(&CanvasArea) -> crate::core::Result<R>,
) -> Result<R, String> {
    canvas.set_width((w as f64 * ratio).round() as u32);
    canvas.set_height((h as f64 * ratio).round() as u32);
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("This browser gives no 2D canvas.")?;
    context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0).map_err(|e| format!("{e:?}"))?;
    let inner =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("This browser gives no 2D canvas.")?;
    let area = CssSized { inner, context, size: (w, h) }.into_drawing_area();
    let out = draw(&area).map_err(|e| e.to_string())?;
    area.present().map_err(|e| e.to_string())?;
    count_draw(canvas);
    Ok(out)
}

/// Adds one to the canvas's `data-draws` counter (absent before the first drawing).
fn count_draw(canvas: &HtmlCanvasElement) {
    let draws = canvas.get_attribute("data-draws").and_then(|n| n.parse::<u64>().ok()).unwrap_or(0);
    // An attribute that cannot be set only loses the test hook, never the chart.
    let _ = canvas.set_attribute("data-draws", &(draws + 1).to_string());
}

/// Draws a `size` chart on a canvas off the page at twice its size and saves it as a PNG.
pub fn save_png(
    size: (u32, u32),
    file_name: &str,
    draw: impl FnOnce(&CanvasArea) -> crate::core::Result<()>,
) -> Result<(), String> {
    let canvas: HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a canvas")?;
    draw_on_canvas(&canvas, size, 2.0, draw)?;
    crate::web::save::save_canvas_png(&canvas, file_name)
}
