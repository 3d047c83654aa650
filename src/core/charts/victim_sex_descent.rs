//! `victim-sex-descent`: victim sex and descent side by side.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::bars::{self, Bar};
use super::theme::{self, INK, PURPLE, SKY};
use super::ChartResult;
use crate::core::eda::victims::SexDescent;
use crate::core::eda::LabelCount;
use crate::core::format::thousands;

/// Descent categories shown (the rest are pooled as "other codes").
pub const MAX_DESCENT: usize = 9;

/// Draws victim sex (left) and descent (right).
pub fn draw_victim_sex_descent<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    v: &SexDescent,
) -> ChartResult<()> {
    let total: u64 = v.sex.iter().map(|s| s.count).sum();
    let body = theme::header(
        area,
        "Victim sex and descent",
        &format!("{} incidents · share of incidents", thousands(total)),
    )?;
    let (w, _) = body.dim_in_pixel();
    let (left, right) = body.split_horizontally(w * 2 / 5);
    panel(&left, "Sex", &v.sex, usize::MAX, total, SKY)?;
    panel(&right, "Descent", &v.descent, MAX_DESCENT, total, PURPLE)
}

fn panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    caption: &str,
    items: &[LabelCount],
    max: usize,
    total: u64,
    color: RGBColor,
) -> ChartResult<()> {
    area.draw(&Text::new(caption.to_owned(), (10, 0), theme::anchored(14, INK, HPos::Left, VPos::Top)))?;
    let body = area.split_vertically(20).1;
    let mut list: Vec<Bar> = items
        .iter()
        .take(max)
        .map(|i| Bar { label: i.label.clone(), value: i.count as f64, note: theme::percent(i.count, total) })
        .collect();
    if items.len() > max {
        let rest: u64 = items[max..].iter().map(|i| i.count).sum();
        list.push(Bar { label: "other codes".into(), value: rest as f64, note: theme::percent(rest, total) });
    }
    bars::horizontal(&body, &list, "incidents", color)
}
