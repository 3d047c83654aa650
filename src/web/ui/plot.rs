//! Drawing core charts on a `<canvas>` at its device-pixel size, on the page or off it (PNG).
//!
//! The canvas's bitmap is sized to its CSS box times `devicePixelRatio` and the context is
//! scaled by that ratio, while plotters is told the CSS size ([`CssSized`]): the charts keep
//! their designed pixel sizes for text and lines, and come out crisp on high-density screens.
//! Text is measured with the canvas's `measureText` (plotters' default adds a `<span>` to the
//! page and forces a layout for every label). Runs of many filled rectangles (the cells of a
//! density map or a heat map) reach the canvas as one image ([`rect_image`]).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontTransform,
};
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use crate::core::charts::rect_image::{self, PixelRect};

/// The drawing area a chart gets on a canvas.
pub type CanvasArea = DrawingArea<CssSized, Shift>;

/// A canvas backend that reports the canvas's CSS size instead of its bitmap size.
pub struct CssSized {
    inner: CanvasBackend,
    context: CanvasRenderingContext2d,
    size: (u32, u32),
    /// Device pixels per CSS pixel.
    ratio: f64,
    /// Filled rectangles not drawn yet: drawn before anything else is, in order.
    pending: Vec<(BackendCoord, BackendCoord, BackendColor)>,
    /// The context's text state as last set (font, alignment, baseline): setting a font
    /// makes the canvas parse it, so labels in the same font set it once.
    text_state: std::cell::RefCell<TextState>,
}

/// What [`CssSized`] last set on its context for text; empty when not known.
#[derive(Default)]
struct TextState {
    font: String,
    align: &'static str,
    baseline: &'static str,
}

/// Fewer pending rectangles than this are drawn one call each; more become one image.
const IMAGE_FROM: usize = 64;

type Fallible = Result<(), DrawingErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>>;

impl CssSized {
    /// Sets the context's font to `style`'s, unless it is already.
    fn set_font<S: BackendTextStyle>(&self, style: &S) {
        let font = format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str());
        let mut state = self.text_state.borrow_mut();
        if state.font != font {
            self.context.set_font(&font);
            state.font = font;
        }
    }

    /// Draws the pending rectangles: one by one when few, else as one image.
    fn flush(&mut self) -> Fallible {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        if pending.len() < IMAGE_FROM {
            for (a, b, color) in pending {
                self.inner.draw_rect(a, b, &color, true)?;
            }
            return Ok(());
        }
        let rects: Vec<PixelRect> = pending
            .iter()
            .map(|&(a, b, c)| {
                let alpha = (c.alpha * 255.0).round().clamp(0.0, 255.0) as u8;
                PixelRect::from_css(a, b, self.ratio, [c.rgb.0, c.rgb.1, c.rgb.2, alpha])
            })
            .collect();
        let canvas = self.context.canvas().map(|c| (c.width(), c.height()));
        let Some(image) = canvas.and_then(|size| rect_image::paint(&rects, size)) else {
            return Ok(());
        };
        put_image(&self.context, &image).map_err(|e| DrawingErrorKind::FontError(e.into()))
    }
}

/// Composites `image` onto the canvas at its device-pixel position (through a scratch canvas:
/// `putImageData` would replace the pixels underneath instead of drawing over them).
fn put_image(context: &CanvasRenderingContext2d, image: &rect_image::RectImage) -> Result<(), String> {
    let js = |e: wasm_bindgen::JsValue| format!("{e:?}");
    let scratch = detached_canvas()?;
    scratch.set_width(image.width);
    scratch.set_height(image.height);
    let scratch_context: CanvasRenderingContext2d = scratch
        .get_context("2d")
        .map_err(js)?
        .and_then(|c| c.dyn_into().ok())
        .ok_or("This browser gives no 2D canvas.")?;
    let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
        wasm_bindgen::Clamped(&image.rgba),
        image.width,
        image.height,
    )
    .map_err(js)?;
    scratch_context.put_image_data(&data, 0.0, 0.0).map_err(js)?;
    context.save();
    context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0).map_err(js)?;
    let drawn = context.draw_image_with_html_canvas_element(&scratch, image.x as f64, image.y as f64);
    context.restore();
    drawn.map_err(js)
}

impl DrawingBackend for CssSized {
    type ErrorType = <CanvasBackend as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Fallible {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Fallible {
        self.flush()?;
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Fallible {
        self.flush()?;
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Fallible {
        self.flush()?;
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Fallible {
        if fill {
            let color = style.color();
            if color.alpha > 0.0 {
                self.pending.push((upper_left, bottom_right, color));
            }
            return Ok(());
        }
        self.flush()?;
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Fallible {
        self.flush()?;
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Fallible {
        self.flush()?;
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Fallible {
        self.flush()?;
        self.inner.fill_polygon(vert, style)
    }
    /// As plotters-canvas draws text, setting only the parts of the text state that change.
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Fallible {
        self.flush()?;
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let js = |e: wasm_bindgen::JsValue| DrawingErrorKind::FontError(format!("{e:?}").into());
        let degrees: f64 = match style.transform() {
            FontTransform::None => 0.0,
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        };
        let (mut x, mut y) = (f64::from(pos.0), f64::from(pos.1));
        if degrees != 0.0 {
            self.context.save();
            self.context.translate(x, y).map_err(js)?;
            self.context.rotate(degrees.to_radians()).map_err(js)?;
            (x, y) = (0.0, 0.0);
        }
        let baseline = match style.anchor().v_pos {
            VPos::Top => "top",
            VPos::Center => "middle",
            VPos::Bottom => "bottom",
        };
        let mut state = self.text_state.borrow_mut();
        if state.baseline != baseline {
            self.context.set_text_baseline(baseline);
            state.baseline = baseline;
        }
        let align = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "center",
        };
        if state.align != align {
            self.context.set_text_align(align);
            state.align = align;
        }
        drop(state);
        let (r, g, b) = color.rgb;
        self.context.set_fill_style_str(&format!("rgba({r},{g},{b},{})", color.alpha));
        self.set_font(style);
        let drawn = self.context.fill_text(text, x, y).map_err(js);
        if degrees != 0.0 {
            // `restore` brings back the state from before `save`, which may not be the cache's.
            self.context.restore();
            *self.text_state.borrow_mut() = TextState::default();
        }
        drawn
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.set_font(style);
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
    let area =
        CssSized { inner, context, size: (w, h), ratio, pending: Vec::new(), text_state: Default::default() }
            .into_drawing_area();
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
    let canvas = detached_canvas()?;
    draw_on_canvas(&canvas, size, 2.0, draw)?;
    crate::web::save::save_canvas_png(&canvas, file_name)
}

/// Draws a line of text in each of the charts' fonts on a canvas off the page, once, so that
/// the browser's first use of those fonts (finding and loading them) is paid while the page is
/// idle, not inside the first chart's draw (16 ms of a 50 ms task in a profile of a load).
pub fn warm_chart_fonts() {
    let Ok(canvas) = detached_canvas() else { return };
    let Some(context) =
        canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let family = crate::core::charts::theme::FONT;
    for weight in ["normal", "bold"] {
        for size in [10, 11, 12, 13, 14, 16, 18] {
            context.set_font(&format!("{weight} {size}px {family}"));
            let _ = context.measure_text("Crime Lab 0123456789");
            let _ = context.fill_text("Crime Lab 0123456789", 0.0, 0.0);
        }
    }
}

/// A new `<canvas>` that is not in the page.
fn detached_canvas() -> Result<HtmlCanvasElement, String> {
    web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a canvas".to_owned())
}
