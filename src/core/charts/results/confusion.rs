//! The confusion matrix as a heatmap: rows are the true class, columns the prediction, each
//! cell coloured and labelled with its share of the true class (row-normalised).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::legend;
use super::super::theme::{self, INK, MUTED};
use crate::core::eval::ConfusionMatrix;
use crate::core::format::thousands;
use crate::core::Result;

/// Draws the row-normalised confusion matrix with counts in the subtitle.
pub fn draw_confusion<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, m: &ConfusionMatrix) -> Result<()> {
    let total: u64 = m.counts.iter().flatten().sum();
    let correct: u64 = (0..m.classes.len()).map(|i| m.counts[i][i]).sum();
    let subtitle = format!(
        "{} test rows, {} on the diagonal · rows: true class, columns: predicted · row %",
        thousands(total),
        theme::percent(correct, total)
    );
    let body = theme::header(area, "Confusion matrix", &subtitle)?;
    let k = m.classes.len();
    if k == 0 || total == 0 {
        return theme::no_data(&body, "No test rows");
    }
    let (w, h) = body.dim_in_pixel();
    let (main, key) = body.split_horizontally(w.saturating_sub(72));
    let shares = m.row_normalized();
    let font = 12;
    let label_style = theme::text(font, INK);
    let labels: Vec<String> = m
        .classes
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{} · {}", i + 1, theme::truncate(c, 28)))
        .collect();
    let measure = |s: &str| {
        main.estimate_text_size(s, &label_style)
            .map_or_else(|_| theme::text_width(s.chars().count(), font), |m| m.0)
    };
    let max_label = (w as f64 * 0.42) as u32;
    let label_px = labels.iter().map(|l| measure(l)).max().unwrap_or(0).min(max_label) + 10;
    let (top, bottom) = (22u32, 26u32);
    let avail_w = (w.saturating_sub(72)).saturating_sub(label_px + 8);
    let avail_h = h.saturating_sub(top + bottom);
    let cell = (avail_w.min(avail_h) / k as u32).max(4) as i32;
    let (x0, y0) = (label_px as i32, top as i32);
    for (i, row) in shares.iter().enumerate() {
        let y = y0 + i as i32 * cell;
        main.draw(&Text::new(
            theme::truncate(&labels[i], (max_label as f64 / (font as f64 * 0.56)) as usize),
            (x0 - 6, y + cell / 2),
            theme::anchored(font.min(cell.max(8) as u32), INK, HPos::Right, VPos::Center),
        ))?;
        for (j, &share) in row.iter().enumerate() {
            let x = x0 + j as i32 * cell;
            let color = theme::sequential(share);
            main.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], color.filled()))?;
            if i == j {
                main.draw(&Rectangle::new([(x, y), (x + cell - 1, y + cell - 1)], INK.stroke_width(1)))?;
            }
            if cell >= 22 {
                main.draw(&Text::new(
                    format!("{:.0}", share * 100.0),
                    (x + cell / 2, y + cell / 2),
                    theme::anchored(
                        if cell >= 30 { 11 } else { 9 },
                        theme::text_on(color),
                        HPos::Center,
                        VPos::Center,
                    ),
                ))?;
            }
        }
    }
    for j in 0..k {
        let x = x0 + j as i32 * cell + cell / 2;
        main.draw(&Text::new(
            format!("{}", j + 1),
            (x, y0 - 4),
            theme::anchored(11.min(cell.max(7) as u32), INK, HPos::Center, VPos::Bottom),
        ))?;
    }
    let grid_bottom = y0 + k as i32 * cell;
    main.draw(&Text::new(
        "predicted class (numbered as the rows)".to_owned(),
        (x0 + k as i32 * cell / 2, grid_bottom + 6),
        theme::anchored(12, MUTED, HPos::Center, VPos::Top),
    ))?;
    let ticks = [(0.0, "0%".to_owned()), (0.5, "50%".to_owned()), (1.0, "100%".to_owned())];
    legend::color_bar(&key, "share of\ntrue class", theme::sequential, &ticks)
}
