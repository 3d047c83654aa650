//! `victim-age`: victim age histogram, with unknown ages (0, negative, blank) as a separate bar.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{self, Bar};
use super::theme::{self, BLUE, ORANGE};
use super::ChartResult;
use crate::core::eda::victims::AgeHistogram;
use crate::core::format::thousands;

/// Draws the victim age histogram.
pub fn draw_victim_age<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    ages: &AgeHistogram,
) -> ChartResult<()> {
    let all = ages.known + ages.unknown;
    let subtitle = format!(
        "Known ages: {} (median {} years) · unknown: {} ({})",
        thousands(ages.known),
        theme::number(ages.median),
        thousands(ages.unknown),
        theme::percent(ages.unknown, all)
    );
    let body = theme::header(area, "Victim age", &subtitle)?;
    let (w, _) = body.dim_in_pixel();
    let (left, right) = body.split_horizontally(w.saturating_sub(96));
    let last = ages.counts.len().saturating_sub(1);
    let bins: Vec<Bar> = ages
        .counts
        .iter()
        .enumerate()
        .map(|(i, &c)| Bar {
            label: if i == last {
                format!("{}+", i as u32 * ages.bin_width)
            } else {
                format!("{}", i as u32 * ages.bin_width)
            },
            value: c as f64,
            note: String::new(),
        })
        .collect();
    let y_max = ages.counts.iter().copied().max().unwrap_or(0).max(ages.unknown) as f64;
    bars::vertical(
        &left,
        &bins,
        &format!("age (years, {}-year bins)", ages.bin_width),
        "victims",
        &[BLUE],
        Some(y_max),
    )?;
    let unknown =
        [Bar { label: "unknown".into(), value: ages.unknown as f64, note: thousands(ages.unknown) }];
    bars::vertical(&right, &unknown, "≤ 0 or blank", "", &[ORANGE], Some(y_max))
}
