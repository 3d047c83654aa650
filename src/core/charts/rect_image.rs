//! Many filled rectangles painted into one RGBA image.
//!
//! On the browser's canvas every drawing call crosses from WebAssembly to JavaScript and sets a
//! colour string: a density map of thousands of cells took 30–70 ms of the page's thread, one
//! call pair per cell. The page's backend collects a chart's consecutive filled rectangles and,
//! when there are many, paints them here and puts the image on the canvas in one call. Pixels
//! are those the canvas would fill for rectangles on whole device pixels (a cell's edges are
//! rounded to the nearest device pixel, so neighbouring cells share an edge without a seam).

/// A filled rectangle in device pixels, `[x0, x1) × [y0, y1)`, with its colour (straight
/// alpha, 0–255).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelRect {
    /// Left edge (inclusive).
    pub x0: i32,
    /// Top edge (inclusive).
    pub y0: i32,
    /// Right edge (exclusive).
    pub x1: i32,
    /// Bottom edge (exclusive).
    pub y1: i32,
    /// Red, green, blue, alpha.
    pub rgba: [u8; 4],
}

impl PixelRect {
    /// The device-pixel rectangle of a rectangle between corners `a` and `b` given in CSS
    /// pixels, on a canvas `ratio` device pixels per CSS pixel.
    pub fn from_css(a: (i32, i32), b: (i32, i32), ratio: f64, rgba: [u8; 4]) -> PixelRect {
        let px = |v: i32| (v as f64 * ratio).round() as i32;
        PixelRect {
            x0: px(a.0.min(b.0)),
            y0: px(a.1.min(b.1)),
            x1: px(a.0.max(b.0)),
            y1: px(a.1.max(b.1)),
            rgba,
        }
    }
}

/// An RGBA image (straight alpha, row by row) to be placed at `(x, y)` in device pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct RectImage {
    /// Left edge on the canvas.
    pub x: u32,
    /// Top edge on the canvas.
    pub y: u32,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width × height × 4` bytes; pixels no rectangle covers are transparent.
    pub rgba: Vec<u8>,
}

/// Paints `rects` in order, each over the ones before (source-over), into the smallest image
/// that holds what is visible of them on a `canvas` (width, height) bitmap. `None` when none
/// is visible.
pub fn paint(rects: &[PixelRect], canvas: (u32, u32)) -> Option<RectImage> {
    let (cw, ch) = (canvas.0 as i32, canvas.1 as i32);
    let clip = |r: &PixelRect| {
        let (x0, x1) = (r.x0.clamp(0, cw), r.x1.clamp(0, cw));
        let (y0, y1) = (r.y0.clamp(0, ch), r.y1.clamp(0, ch));
        (x0 < x1 && y0 < y1 && r.rgba[3] > 0).then_some((x0, y0, x1, y1))
    };
    let mut bounds: Option<(i32, i32, i32, i32)> = None;
    for (x0, y0, x1, y1) in rects.iter().filter_map(clip) {
        bounds = Some(match bounds {
            None => (x0, y0, x1, y1),
            Some((a, b, c, d)) => (a.min(x0), b.min(y0), c.max(x1), d.max(y1)),
        });
    }
    let (bx, by, bx1, by1) = bounds?;
    let (width, height) = ((bx1 - bx) as usize, (by1 - by) as usize);
    let mut rgba = vec![0u8; width * height * 4];
    for r in rects {
        let Some((x0, y0, x1, y1)) = clip(r) else { continue };
        for y in y0..y1 {
            let row = ((y - by) as usize * width + (x0 - bx) as usize) * 4;
            let pixels = &mut rgba[row..row + (x1 - x0) as usize * 4];
            if r.rgba[3] == 255 {
                for p in pixels.chunks_exact_mut(4) {
                    p.copy_from_slice(&r.rgba);
                }
            } else {
                for p in pixels.chunks_exact_mut(4) {
                    blend(p, r.rgba);
                }
            }
        }
    }
    Some(RectImage { x: bx as u32, y: by as u32, width: width as u32, height: height as u32, rgba })
}

/// `src` over the straight-alpha pixel `dst`.
fn blend(dst: &mut [u8], src: [u8; 4]) {
    let sa = src[3] as f32 / 255.0;
    let da = dst[3] as f32 / 255.0;
    let out = sa + da * (1.0 - sa);
    if out <= 0.0 {
        return;
    }
    for c in 0..3 {
        let v = (src[c] as f32 * sa + dst[c] as f32 * da * (1.0 - sa)) / out;
        dst[c] = v.round().clamp(0.0, 255.0) as u8;
    }
    dst[3] = (out * 255.0).round() as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixel(img: &RectImage, x: u32, y: u32) -> [u8; 4] {
        let i = (((y - img.y) * img.width + (x - img.x)) * 4) as usize;
        img.rgba[i..i + 4].try_into().unwrap()
    }

    #[test]
    fn later_rectangles_cover_earlier_ones_in_the_smallest_image() {
        let red = [255, 0, 0, 255];
        let blue = [0, 0, 255, 255];
        let rects = [
            PixelRect { x0: 10, y0: 20, x1: 14, y1: 22, rgba: red },
            PixelRect { x0: 12, y0: 21, x1: 16, y1: 25, rgba: blue },
        ];
        let img = paint(&rects, (100, 100)).unwrap();
        assert_eq!((img.x, img.y, img.width, img.height), (10, 20, 6, 5));
        assert_eq!(img.rgba.len(), 6 * 5 * 4);
        assert_eq!(pixel(&img, 10, 20), red);
        assert_eq!(pixel(&img, 13, 21), blue, "the later one is on top");
        assert_eq!(pixel(&img, 13, 20), red);
        assert_eq!(pixel(&img, 15, 24), blue);
        assert_eq!(pixel(&img, 15, 20), [0, 0, 0, 0], "uncovered pixels stay transparent");
        assert_eq!(pixel(&img, 16 - 1, 25 - 1), blue, "the right and bottom edges are exclusive");
    }

    #[test]
    fn translucent_rectangles_blend_and_invisible_ones_are_skipped() {
        let rects = [
            PixelRect { x0: 0, y0: 0, x1: 2, y1: 1, rgba: [0, 0, 0, 255] },
            PixelRect { x0: 1, y0: 0, x1: 3, y1: 1, rgba: [255, 255, 255, 128] },
            PixelRect { x0: 50, y0: 50, x1: 60, y1: 60, rgba: [9, 9, 9, 0] },
            PixelRect { x0: -5, y0: -5, x1: -1, y1: -1, rgba: [9, 9, 9, 255] },
        ];
        let img = paint(&rects, (10, 10)).unwrap();
        assert_eq!((img.x, img.y, img.width, img.height), (0, 0, 3, 1));
        assert_eq!(pixel(&img, 0, 0), [0, 0, 0, 255]);
        assert_eq!(pixel(&img, 1, 0), [128, 128, 128, 255], "half white over black");
        assert_eq!(pixel(&img, 2, 0), [255, 255, 255, 128], "over nothing it keeps its alpha");
        assert!(paint(&rects[2..], (10, 10)).is_none());
    }

    #[test]
    fn css_rectangles_round_to_device_pixels_and_clip_to_the_canvas() {
        let r = PixelRect::from_css((7, 3), (2, 9), 1.5, [1, 2, 3, 255]);
        assert_eq!((r.x0, r.y0, r.x1, r.y1), (3, 5, 11, 14));
        // Neighbours share the rounded edge.
        let left = PixelRect::from_css((0, 0), (3, 1), 1.25, [0; 4]);
        let right = PixelRect::from_css((3, 0), (6, 1), 1.25, [0; 4]);
        assert_eq!(left.x1, right.x0);
        let img =
            paint(&[PixelRect { x0: -4, y0: 8, x1: 4, y1: 20, rgba: [5, 5, 5, 255] }], (10, 10)).unwrap();
        assert_eq!((img.x, img.y, img.width, img.height), (0, 8, 4, 2));
    }
}
