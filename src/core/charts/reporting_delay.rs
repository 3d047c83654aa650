//! `reporting-delay`: days from occurrence to report, in widening bins.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{self, Bar};
use super::theme::{self, SKY};
use super::ChartResult;
use crate::core::eda::time::ReportingDelay;
use crate::core::format::thousands;

/// Short bin labels, in [`crate::core::eda::time::DELAY_BINS`] order.
const SHORT: [&str; 7] = ["same day", "1 day", "2–7 d", "8–30 d", "31–90 d", "91–365 d", "> 1 yr"];

/// Draws the reporting delay distribution.
pub fn draw_reporting_delay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    delay: &ReportingDelay,
) -> ChartResult<()> {
    let total: u64 = delay.bins.iter().map(|b| b.count).sum();
    let mut subtitle = format!(
        "Date Rptd − DATE OCC · median {} d, 90th percentile {} d",
        theme::number(delay.median_days),
        theme::number(delay.p90_days)
    );
    if delay.negative > 0 {
        subtitle.push_str(&format!(" · {} reported before occurring", thousands(delay.negative)));
    }
    let body = theme::header(area, "Reporting delay", &subtitle)?;
    let bars: Vec<Bar> = delay
        .bins
        .iter()
        .enumerate()
        .map(|(i, b)| Bar {
            label: SHORT.get(i).map_or(b.label.clone(), |s| s.to_string()),
            value: b.count as f64,
            note: theme::percent(b.count, total),
        })
        .collect();
    bars::vertical(&body, &bars, "delay (days)", "incidents", &[SKY], None)
}
