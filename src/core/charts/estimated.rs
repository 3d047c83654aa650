//! [`Estimated`]: a backend wrapper that sizes text by a fixed estimate, for SVG drawn where
//! no font can be measured (plotters' browser build measures text through the page's DOM,
//! which a Web Worker does not have).

use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};

/// Delegates all drawing to `B`; text is sized as plotters' native estimate does
/// (an em of `size / 1.24²`, 0.7 em per character), the same natively and in a worker.
pub struct Estimated<B>(pub B);

type Fallible<B> = Result<(), DrawingErrorKind<<B as DrawingBackend>::ErrorType>>;

impl<B: DrawingBackend> DrawingBackend for Estimated<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Fallible<B> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Fallible<B> {
        self.0.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Fallible<B> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Fallible<B> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Fallible<B> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Fallible<B> {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Fallible<B> {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Fallible<B> {
        self.0.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Fallible<B> {
        self.0.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        let em = style.size() / 1.24 / 1.24;
        Ok(((em * 0.7 * text.chars().count() as f64).round() as u32, (em * 1.24).round() as u32))
    }
}

/// Draws with `draw` on an SVG document of `size` pixels and returns its text.
pub fn svg_string(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<Estimated<SVGBackend>, plotters::coord::Shift>) -> crate::core::Result<()>,
) -> crate::core::Result<String> {
    let mut svg = String::new();
    {
        let area = Estimated(SVGBackend::with_string(&mut svg, size)).into_drawing_area();
        draw(&area)?;
        area.present()?;
    }
    Ok(svg)
}
