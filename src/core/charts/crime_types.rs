//! `crime-types` and `premises`: the most frequent crime descriptions and premises.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{self, Bar};
use super::theme::{self, BLUE, GREEN};
use super::ChartResult;
use crate::core::eda::crimes::WeaponUse;
use crate::core::eda::TopList;
use crate::core::format::thousands;

/// Draws the top crime descriptions; the subtitle gives the weapon-use share.
pub fn draw_crime_types<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    list: &TopList,
    weapons: Option<&WeaponUse>,
) -> ChartResult<()> {
    let mut subtitle = coverage(list, "crime types");
    if let Some(w) = weapons {
        subtitle.push_str(&format!(" · weapon involved in {:.1}%", w.share * 100.0));
    }
    draw_top(area, list, "Most frequent crime types", &subtitle, BLUE)
}

/// Draws the top premises.
pub fn draw_premises<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, list: &TopList) -> ChartResult<()> {
    let subtitle = coverage(list, "premise types");
    draw_top(area, list, "Most frequent premises", &subtitle, GREEN)
}

fn coverage(list: &TopList, what: &str) -> String {
    let shown: u64 = list.items.iter().map(|i| i.count).sum();
    format!(
        "Top {} of {} {what}: {} of {} incidents",
        list.items.len(),
        thousands(list.distinct),
        theme::percent(shown, list.total),
        thousands(list.total)
    )
}

fn draw_top<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    list: &TopList,
    title: &str,
    subtitle: &str,
    color: RGBColor,
) -> ChartResult<()> {
    let body = theme::header(area, title, subtitle)?;
    let items: Vec<Bar> = list
        .items
        .iter()
        .map(|i| Bar { label: i.label.clone(), value: i.count as f64, note: thousands(i.count) })
        .collect();
    bars::horizontal(&body, &items, "incidents", color)
}
