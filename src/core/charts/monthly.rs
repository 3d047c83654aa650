//! `monthly`: incidents per month, with the 7 March 2024 records-system change marked.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::theme::{self, BLUE, INK, VERMILLION};
use super::ChartResult;
use crate::core::eda::time::Monthly;
use crate::core::format::thousands;

const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Draws incidents per month.
pub fn draw_monthly<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, m: &Monthly) -> ChartResult<()> {
    let total: u64 = m.counts.iter().sum();
    let subtitle = format!(
        "{} to {} · {} incidents · last month may be partial",
        m.first_day,
        m.last_day,
        thousands(total)
    );
    let body = theme::header(area, "Incidents per month", &subtitle)?;
    let n = m.counts.len();
    if n == 0 {
        return theme::no_data(&body, "No dates in this selection");
    }
    let max = m.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut chart = ChartBuilder::on(&body)
        .margin_right(18)
        .margin_left(6)
        .margin_top(6)
        .x_label_area_size(40)
        .y_label_area_size(62)
        .build_cartesian_2d(0f64..n as f64, 0f64..max * 1.12)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(theme::GRID)
        .x_labels(0)
        .y_labels(5)
        .y_label_formatter(&|v| theme::axis_number(*v, max * 1.12))
        .y_desc("incidents per month")
        .x_desc("month of DATE OCC")
        .label_style(theme::tick())
        .axis_desc_style(theme::axis())
        .draw()?;

    // Our own month ticks: each January (with the year) or, for short ranges, each quarter.
    let (bx, by) = body.get_base_pixel();
    let step = if n <= 6 {
        1
    } else if n <= 24 {
        3
    } else {
        12
    };
    let mut last_px: Option<i32> = None;
    for (i, label) in m.months.iter().enumerate() {
        let (y, mo) = (&label[..4], label[5..].parse::<usize>().unwrap_or(1));
        let show = if step == 12 { mo == 1 } else { (mo - 1) % step == 0 };
        if !show {
            continue;
        }
        let (px, py) = chart.backend_coord(&(i as f64, 0.0));
        let text = if step == 12 { y.to_owned() } else { format!("{} {}", MONTHS[mo - 1], y) };
        if last_px.is_some_and(|l| px - l < theme::text_width(text.len(), 12) as i32 + 8) {
            continue;
        }
        last_px = Some(px);
        body.draw(&PathElement::new(vec![(px - bx, py - by), (px - bx, py - by + 5)], INK))?;
        body.draw(&Text::new(
            text,
            (px - bx, py - by + 7),
            theme::anchored(12, INK, HPos::Center, VPos::Top),
        ))?;
    }

    chart.draw_series(AreaSeries::new(
        m.counts.iter().enumerate().map(|(i, &c)| (i as f64 + 0.5, c as f64)),
        0.0,
        BLUE.mix(0.15),
    ))?;
    chart.draw_series(LineSeries::new(
        m.counts.iter().enumerate().map(|(i, &c)| (i as f64 + 0.5, c as f64)),
        BLUE.stroke_width(2),
    ))?;
    for mark in &m.markers {
        let x = mark.position;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, 0.0), (x, max * 1.12)],
            VERMILLION.stroke_width(2),
        )))?;
        let (px, py) = chart.backend_coord(&(x, max * 1.1));
        let right_half = x > n as f64 / 2.0;
        let (h, dx) = if right_half { (HPos::Right, -5) } else { (HPos::Left, 5) };
        body.draw(&Text::new(
            format!("{}: {}", mark.date, mark.label),
            (px - bx + dx, py - by),
            theme::anchored(11, VERMILLION, h, VPos::Top),
        ))?;
    }
    Ok(())
}
