//! The point layer: each test incident in the view as a dot, a random sample of them when
//! there are many, or cells aggregating them all when there are very many.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::colors::{correct_share, CORRECT, WRONG};
use super::data::MapData;
use super::{Layer, MapMode};
use crate::core::charts::palette::class_color;
use crate::core::charts::ChartResult;
use crate::core::eval::TestPredictions;
use crate::core::geo::Projection;

/// Side of an aggregate cell, in pixels.
pub const CELL_PX: f64 = 7.0;

/// What the point layer drew.
pub(super) struct PointsDrawn {
    pub in_view: usize,
    pub drawn: Vec<u32>,
    pub cells: usize,
    pub layer: Layer,
}

/// Counts per aggregate cell over the visible grid.
struct Cells {
    /// Pixel position of the grid's origin (a fixed place, so cells stay put while panning).
    origin: (f64, f64),
    gx0: i64,
    gy0: i64,
    nx: usize,
    ny: usize,
    k: usize,
    /// Per cell: rows predicted as each class, then the correct ones.
    counts: Vec<u32>,
}

impl Cells {
    fn new(proj: &Projection, k: usize) -> Cells {
        let origin = proj.to_px(-118.0, 34.0);
        let r = proj.rect;
        let gx0 = ((r.0 as f64 - origin.0) / CELL_PX).floor() as i64;
        let gy0 = ((r.1 as f64 - origin.1) / CELL_PX).floor() as i64;
        let nx = ((r.2 - r.0) as f64 / CELL_PX).ceil() as usize + 2;
        let ny = ((r.3 - r.1) as f64 / CELL_PX).ceil() as usize + 2;
        Cells { origin, gx0, gy0, nx, ny, k, counts: vec![0; nx * ny * (k + 1)] }
    }

    fn add(&mut self, x: f64, y: f64, predicted: u32, correct: bool) {
        let gx = ((x - self.origin.0) / CELL_PX).floor() as i64 - self.gx0;
        let gy = ((y - self.origin.1) / CELL_PX).floor() as i64 - self.gy0;
        if gx < 0 || gy < 0 || gx as usize >= self.nx || gy as usize >= self.ny {
            return;
        }
        let base = (gy as usize * self.nx + gx as usize) * (self.k + 1);
        self.counts[base + predicted as usize] += 1;
        if correct {
            self.counts[base + self.k] += 1;
        }
    }

    fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        proj: &Projection,
        mode: MapMode,
    ) -> ChartResult<usize> {
        let k = self.k;
        let totals: Vec<u32> = self.counts.chunks_exact(k + 1).map(|c| c[..k].iter().sum()).collect();
        let max = totals.iter().copied().max().unwrap_or(0);
        let denom = (1.0 + max as f64).ln().max(1e-9);
        let r = proj.rect;
        let mut drawn = 0;
        for (cell, (c, &total)) in self.counts.chunks_exact(k + 1).zip(&totals).enumerate() {
            if total == 0 {
                continue;
            }
            let (gx, gy) = ((cell % self.nx) as i64 + self.gx0, (cell / self.nx) as i64 + self.gy0);
            let x0 = (self.origin.0 + gx as f64 * CELL_PX).round() as i32;
            let y0 = (self.origin.1 + gy as f64 * CELL_PX).round() as i32;
            let (x1, y1) = (x0 + CELL_PX as i32, y0 + CELL_PX as i32);
            let (x0, y0, x1, y1) = (x0.max(r.0), y0.max(r.1), x1.min(r.2), y1.min(r.3));
            if x0 >= x1 || y0 >= y1 {
                continue;
            }
            let color = match mode {
                MapMode::Correct => correct_share(c[k] as f64 / total as f64),
                _ => {
                    let best = (0..k).max_by_key(|&j| (c[j], std::cmp::Reverse(j))).unwrap_or(0);
                    class_color(best)
                }
            };
            let alpha = 0.3 + 0.7 * (1.0 + total as f64).ln() / denom;
            area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.mix(alpha).filled()))?;
            drawn += 1;
        }
        Ok(drawn)
    }
}

/// Draws the test incidents in the view: all of them up to `cap`, a random sample of `cap`
/// up to `aggregate_above`, and aggregate cells beyond.
pub(super) fn draw_points<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    proj: &Projection,
    p: &TestPredictions,
    data: &MapData,
    mode: MapMode,
    cap: usize,
    aggregate_above: usize,
) -> ChartResult<PointsDrawn> {
    let r = proj.rect;
    let (left, top, right, bottom) = (r.0 as f64, r.1 as f64, r.2 as f64, r.3 as f64);
    let inc = &p.incidents;
    let mut in_view = 0;
    let mut sample = Vec::with_capacity(cap.min(data.order.len()));
    let mut cells = Cells::new(proj, p.k());
    // One pass: count the view's points, keep the first `cap` (a random sample, since the
    // order is random) and fill the cells.
    for &i in &data.order {
        let (x, y) = proj.to_px(inc.lon[i as usize] as f64, inc.lat[i as usize] as f64);
        if x < left || x > right || y < top || y > bottom {
            continue;
        }
        in_view += 1;
        if sample.len() < cap {
            sample.push(i);
        }
        let predicted = p.predicted[i as usize];
        cells.add(x, y, predicted, predicted == p.actual[i as usize]);
    }
    if in_view > aggregate_above {
        let drawn_cells = cells.draw(area, proj, mode)?;
        return Ok(PointsDrawn { in_view, drawn: Vec::new(), cells: drawn_cells, layer: Layer::Cells });
    }
    let radius = if sample.len() <= 3_000 { 4 } else { 3 };
    let outline = sample.len() <= 3_000;
    // Wrong predictions on top, so they stay visible among the correct ones.
    if mode == MapMode::Correct {
        sample.sort_by_key(|&i| p.predicted[i as usize] != p.actual[i as usize]);
    }
    for &i in &sample {
        let i = i as usize;
        let (x, y) = proj.to_px(inc.lon[i] as f64, inc.lat[i] as f64);
        let color = match mode {
            MapMode::Correct if p.predicted[i] == p.actual[i] => CORRECT,
            MapMode::Correct => WRONG,
            _ => class_color(p.predicted[i] as usize),
        };
        let at = (x.round() as i32, y.round() as i32);
        area.draw(&Circle::new(at, radius, color.mix(0.85).filled()))?;
        if outline {
            area.draw(&Circle::new(at, radius, WHITE.mix(0.9).stroke_width(1)))?;
        }
    }
    let layer = if in_view > sample.len() { Layer::Sample } else { Layer::All };
    Ok(PointsDrawn { in_view, drawn: sample, cells: 0, layer })
}

/// Rings test row `i` (the selected incident) so it stands out.
pub(super) fn ring<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    proj: &Projection,
    p: &TestPredictions,
    i: u32,
) -> ChartResult<()> {
    let (x, y) = proj.to_px(p.incidents.lon[i as usize] as f64, p.incidents.lat[i as usize] as f64);
    let at = (x.round() as i32, y.round() as i32);
    area.draw(&Circle::new(at, 8, WHITE.stroke_width(4)))?;
    area.draw(&Circle::new(at, 8, crate::core::charts::theme::INK.stroke_width(2)))?;
    Ok(())
}
