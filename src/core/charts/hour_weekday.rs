//! `hour-weekday`: heatmap of incidents by hour of day and weekday, with a colour legend.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend;
use super::theme;
use super::ChartResult;
use crate::core::eda::time::HourWeekday;
use crate::core::format::thousands;

/// Draws the hour × weekday heatmap.
pub fn draw_hour_weekday<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    hw: &HourWeekday,
) -> ChartResult<()> {
    let subtitle = format!(
        "{} incidents by TIME OCC and weekday of DATE OCC · busiest cell {}",
        thousands(hw.total),
        thousands(hw.max)
    );
    let body = theme::header(area, "When incidents happen", &subtitle)?;
    if hw.total == 0 {
        return theme::no_data(&body, "No dates and times in this selection");
    }
    let (w, _) = body.dim_in_pixel();
    let (main, key) = body.split_horizontally(w.saturating_sub(78));
    let short: Vec<String> = hw.weekdays.iter().map(|d| d.chars().take(3).collect()).collect();
    let mut chart = ChartBuilder::on(&main)
        .margin_right(8)
        .margin_left(6)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(44)
        .build_cartesian_2d((0..23).into_segmented(), (0..6).into_segmented())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(24)
        .y_labels(7)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(h) if h % 3 == 0 => format!("{h:02}"),
            _ => String::new(),
        })
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if (0..7).contains(i) => short[6 - *i as usize].clone(),
            _ => String::new(),
        })
        .x_desc("hour of day (TIME OCC)")
        .label_style(theme::tick())
        .axis_desc_style(theme::axis())
        .draw()?;
    let max = hw.max.max(1) as f64;
    chart.draw_series(hw.counts.iter().enumerate().flat_map(|(d, row)| {
        row.iter().enumerate().map(move |(h, &c)| {
            let y = 6 - d as i32;
            let mut r = Rectangle::new(
                [
                    (SegmentValue::Exact(h as i32), SegmentValue::Exact(y)),
                    (SegmentValue::Exact(h as i32 + 1), SegmentValue::Exact(y + 1)),
                ],
                theme::sequential(c as f64 / max).filled(),
            );
            r.set_margin(1, 1, 1, 1);
            r
        })
    }))?;
    legend::color_bar(&key, "incidents\nper cell", theme::sequential, &legend::linear_ticks(hw.max))
}
