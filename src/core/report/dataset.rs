//! The dataset card and the exploration highlights.

use super::html::{escape, facts, figure, list};
use super::svg;
use crate::core::charts::{draw, ChartInputs, ChartKind};
use crate::core::data::DatasetCard;
use crate::core::eda::Dashboard;
use crate::core::format::{bytes, duration, thousands};
use crate::core::Result;

/// The dataset card: file, rows, columns, dates, rows set aside, load time, warnings.
pub fn card_section(card: &DatasetCard) -> String {
    let dates = match (&card.date_min, &card.date_max) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "–".to_owned(),
    };
    let figures = [
        figure(&thousands(card.rows as u64), "rows", Some(("dataset-rows", card.rows.to_string()))),
        figure(&card.columns.to_string(), "columns", Some(("dataset-columns", card.columns.to_string()))),
        figure(
            &thousands(card.skipped),
            "rows set aside",
            Some(("dataset-skipped", card.skipped.to_string())),
        ),
        figure(&dates, "DATE OCC range", None),
    ]
    .concat();
    let reasons: Vec<String> =
        card.skipped_reasons.iter().map(|r| format!("{} rows: {}", thousands(r.count), r.reason)).collect();
    let table = facts(&[
        ("File", card.file_name.clone()),
        ("Size", bytes(card.file_bytes)),
        ("Loaded in", format!("{} ({:.0} MB/s)", duration(card.parse_ms), card.mb_per_s)),
        ("Memory", bytes(card.memory_bytes)),
    ]);
    format!(
        "<section id=\"dataset\"><h2>Dataset</h2><div class=\"figures\">{figures}</div>{table}{}{}</section>\n",
        list("notes", &reasons),
        list("warnings", &card.warnings)
    )
}

/// Charts of the dashboard included in the report, with their sizes.
const EDA_CHARTS: [(ChartKind, (u32, u32)); 6] = [
    (ChartKind::Monthly, (640, 340)),
    (ChartKind::CrimeTypes, (640, 420)),
    (ChartKind::HourWeekday, (640, 340)),
    (ChartKind::Divisions, (640, 420)),
    (ChartKind::VictimAge, (640, 340)),
    (ChartKind::Missing, (640, 420)),
];

/// The highlights of the exploratory dashboard: key facts and its main charts.
pub fn eda_section(d: &Dashboard) -> Result<String> {
    let mut facts_list = vec![format!(
        "{} of {} incidents{}",
        thousands(d.rows),
        thousands(d.rows_total),
        if d.filters.is_empty() { String::new() } else { " (dashboard filters applied)".to_owned() }
    )];
    if let (Some(a), Some(b)) = (&d.date_min, &d.date_max) {
        facts_list.push(format!("Incidents occurred from {a} to {b}."));
    }
    if let Some(top) = d.crime_types.as_ref().and_then(|t| t.items.first().map(|i| (i, t.total))) {
        facts_list.push(format!(
            "Most frequent crime type: {} ({} incidents, {}).",
            top.0.label,
            thousands(top.0.count),
            crate::core::charts::theme::percent(top.0.count, top.1)
        ));
    }
    if let Some(div) = d.divisions.as_ref().and_then(|c| c.divisions.iter().max_by_key(|x| x.count)) {
        facts_list.push(format!("Busiest division: {} ({} incidents).", div.name, thousands(div.count)));
    }
    if let Some(hw) = &d.hour_weekday {
        let busiest = hw
            .counts
            .iter()
            .enumerate()
            .flat_map(|(day, row)| row.iter().enumerate().map(move |(h, &c)| (c, day, h)))
            .max();
        if let Some((c, day, h)) = busiest.filter(|b| b.0 > 0) {
            facts_list.push(format!(
                "Busiest hour of the week: {} {h:02}:00–{h:02}:59 ({} incidents).",
                hw.weekdays.get(day).map_or("", String::as_str),
                thousands(c)
            ));
        }
    }
    let mostly_missing: Vec<String> =
        d.missing.iter().filter(|m| m.pct > 50.0).map(|m| format!("{} ({:.0}%)", m.column, m.pct)).collect();
    if !mostly_missing.is_empty() {
        facts_list.push(format!("Mostly missing columns: {}.", mostly_missing.join(", ")));
    }
    let mut charts = String::new();
    for (kind, size) in EDA_CHARTS {
        charts.push_str(&svg::figure(size, kind.title(), "chart-figure", |area| {
            draw(kind, d, &ChartInputs::default(), area)
        })?);
    }
    let highlights: String = facts_list.iter().map(|f| format!("<li>{}</li>", escape(f))).collect();
    Ok(format!(
        "<section id=\"exploration\"><h2>Exploration</h2><ul class=\"highlights\" \
         data-testid=\"eda-highlights\">{highlights}</ul><div class=\"chart-grid\">{charts}</div></section>\n"
    ))
}
