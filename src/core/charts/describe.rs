//! Text alternatives of the dashboard's charts: a one-sentence summary (the chart's accessible
//! label, e.g. "Incidents per month, 2020-01 to 2021-12, peak 812 in 2020-07") and the chart's
//! data as a table (the page's "show as table" view), from the same [`Dashboard`] the chart
//! is drawn from; and the labels of a model's curves.

use serde::{Deserialize, Serialize};

use super::theme::percent;
use super::ChartKind;
use crate::core::eda::{Dashboard, LabelCount, TopList};
use crate::core::eval::{Calibration, ClassCurves};
use crate::core::format::thousands;

/// A chart's text alternative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartText {
    /// One sentence saying what the chart shows and its main figures.
    pub summary: String,
    /// The chart's data.
    pub table: DataTable,
}

/// A table of a chart's data, formatted for people.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataTable {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, one cell per header.
    pub rows: Vec<Vec<String>>,
}

impl DataTable {
    fn new(headers: &[&str]) -> DataTable {
        DataTable { headers: headers.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
}

/// The text alternative of one dashboard chart.
pub fn describe(kind: ChartKind, d: &Dashboard) -> ChartText {
    let title = kind.title();
    let note = |why: &str| ChartText { summary: format!("{title}: {why}."), table: DataTable::default() };
    if d.rows == 0 {
        return note("no incidents match the filters");
    }
    let absent = || note("the file has no column for this chart");
    match kind {
        ChartKind::Missing => missing(title, d),
        ChartKind::CrimeTypes => d.crime_types.as_ref().map_or_else(absent, |l| {
            let mut t = top_list(title, "crime type", l);
            if let Some(w) = &d.weapons {
                t.summary.push_str(&format!(" A weapon is recorded in {}.", percent(w.with_weapon, d.rows)));
            }
            t
        }),
        ChartKind::Premises => d.premises.as_ref().map_or_else(absent, |l| top_list(title, "premise", l)),
        ChartKind::Monthly => d.monthly.as_ref().map_or_else(absent, |m| {
            let mut table = DataTable::new(&["month", "incidents"]);
            for (month, &n) in m.months.iter().zip(&m.counts) {
                table.row(vec![month.clone(), thousands(n)]);
            }
            let peak = max_by_count(m.months.iter().zip(m.counts.iter().copied()));
            let low = m.months.iter().zip(&m.counts).min_by_key(|(_, &n)| n);
            let (first, last) = (m.months.first().cloned().unwrap_or_default(), m.months.last().cloned().unwrap_or_default());
            let mut summary = format!("{title}, {first} to {last}");
            if let (Some((pm, pn)), Some((lm, ln))) = (peak, low) {
                summary.push_str(&format!(", peak {} in {pm}, lowest {} in {lm}", thousands(pn), thousands(*ln)));
            }
            for marker in &m.markers {
                summary.push_str(&format!("; {} marked on {}", marker.label, marker.date));
            }
            summary.push('.');
            ChartText { summary, table }
        }),
        ChartKind::HourWeekday => d.hour_weekday.as_ref().map_or_else(absent, |h| {
            let mut headers = vec!["weekday".to_owned()];
            headers.extend((0..24).map(|hour| format!("{hour:02}h")));
            let mut table = DataTable { headers, rows: Vec::new() };
            let mut best = (0u64, 0usize, 0usize);
            for (w, (name, counts)) in h.weekdays.iter().zip(&h.counts).enumerate() {
                let mut row = vec![name.clone()];
                for (hour, &n) in counts.iter().enumerate() {
                    if n > best.0 {
                        best = (n, w, hour);
                    }
                    row.push(thousands(n));
                }
                table.row(row);
            }
            let day = h.weekdays.get(best.1).cloned().unwrap_or_default();
            let summary = format!(
                "{title}, by weekday and hour: busiest {day} {:02}:00–{:02}:59 with {} of {} incidents.",
                best.2,
                best.2,
                thousands(best.0),
                thousands(h.total)
            );
            ChartText { summary, table }
        }),
        ChartKind::ReportingDelay => d.reporting_delay.as_ref().map_or_else(absent, |r| {
            let table = counts_table("delay", "incidents", &r.bins);
            let summary = format!(
                "{title} from occurrence to report: median {} days, mean {:.1}, 90% within {} days, longest {} days.",
                thousands(r.median_days.round() as u64),
                r.mean_days,
                thousands(r.p90_days.round() as u64),
                thousands(r.max_days.round() as u64)
            );
            ChartText { summary, table }
        }),
        ChartKind::VictimAge => d.victim_age.as_ref().map_or_else(absent, |a| {
            let mut table = DataTable::new(&["age", "victims"]);
            let last = a.counts.len().saturating_sub(1);
            for (i, &n) in a.counts.iter().enumerate() {
                let from = i as u32 * a.bin_width;
                let label = if i == last { format!("{from}+") } else { format!("{from}–{}", from + a.bin_width - 1) };
                table.row(vec![label, thousands(n)]);
            }
            table.row(vec!["unknown".into(), thousands(a.unknown)]);
            let summary = format!(
                "{title}: median {:.0}, mean {:.1} over {} known ages; {} unknown.",
                a.median,
                a.mean,
                thousands(a.known),
                thousands(a.unknown)
            );
            ChartText { summary, table }
        }),
        ChartKind::VictimSexDescent => {
            let v = &d.victims;
            let mut table = DataTable::new(&["group", "value", "victims"]);
            for (name, list) in [("sex", &v.sex), ("descent", &v.descent)] {
                for l in list {
                    table.row(vec![name.into(), l.label.clone(), thousands(l.count)]);
                }
            }
            let lead = |list: &[LabelCount]| {
                let total: u64 = list.iter().map(|l| l.count).sum();
                list.first().map_or("none".to_owned(), |l| format!("{} ({})", l.label, percent(l.count, total)))
            };
            let summary = format!("{title}: most often {} by sex and {} by descent.", lead(&v.sex), lead(&v.descent));
            ChartText { summary, table }
        }
        ChartKind::Divisions | ChartKind::DivisionMap => d.divisions.as_ref().map_or_else(absent, |c| {
            // The table shows what the chart shows: the bars are the divisions with incidents,
            // most first; the map shades every division, listed by AREA code.
            let mut table = DataTable::new(&["division", "incidents"]);
            let mut rows: Vec<_> = c.divisions.iter().collect();
            if kind == ChartKind::Divisions {
                rows = super::divisions::bar_order(&c.divisions);
            }
            for div in rows {
                table.row(vec![div.name.clone(), thousands(div.count)]);
            }
            let total: u64 = c.divisions.iter().map(|x| x.count).sum();
            let with = c.divisions.iter().filter(|x| x.count > 0).count();
            let most = max_by_count(c.divisions.iter().map(|x| (&x.name, x.count)));
            let mut summary = format!("{title}: {} of {} divisions have incidents", with, c.divisions.len());
            if let Some((name, n)) = most {
                summary.push_str(&format!("; most in {name}, {} ({})", thousands(n), percent(n, total)));
            }
            summary.push('.');
            ChartText { summary, table }
        }),
        ChartKind::DensityMap => d.density.as_ref().map_or_else(absent, |g| {
            let (w, h) = g.cell_size();
            let mut cells: Vec<(usize, u32)> =
                g.counts.iter().copied().enumerate().filter(|&(_, n)| n > 0).collect();
            cells.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut table = DataTable::new(&["cell centre (latitude, longitude)", "incidents"]);
            for &(i, n) in cells.iter().take(25) {
                let (ix, iy) = (i % g.nx, i / g.nx);
                let lon = g.bounds.lon_min + (ix as f64 + 0.5) * w;
                let lat = g.bounds.lat_min + (iy as f64 + 0.5) * h;
                table.row(vec![format!("{lat:.4}, {lon:.4}"), thousands(n as u64)]);
            }
            let summary = format!(
                "{title}: {} located incidents on a {} × {} grid, {} cells with incidents, the densest holding {}; {} without a location. The table lists the densest cells.",
                thousands(g.points),
                g.nx,
                g.ny,
                thousands(cells.len() as u64),
                thousands(g.max as u64),
                thousands(g.hidden)
            );
            ChartText { summary, table }
        }),
        ChartKind::Associations => {
            let a = &d.associations;
            let mut table = DataTable::new(&["measure", "column", "other column", "value"]);
            let mut summary = format!("{title}, on a sample of {} rows", thousands(a.sample_size));
            for (name, m) in [("Cramér's V", &a.cramers_v), ("Spearman", &a.spearman)] {
                let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
                for (i, row) in m.values.iter().enumerate() {
                    for (j, v) in row.iter().enumerate().skip(i + 1) {
                        if let Some(v) = v {
                            pairs.push((i, j, *v));
                        }
                    }
                }
                pairs.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()).then((a.0, a.1).cmp(&(b.0, b.1))));
                if let Some(&(i, j, v)) = pairs.first() {
                    summary.push_str(&format!("; strongest {name} {v:.2} between {} and {}", m.labels[i], m.labels[j]));
                }
                for (i, j, v) in pairs {
                    table.row(vec![name.into(), m.labels[i].clone(), m.labels[j].clone(), format!("{v:.2}")]);
                }
            }
            summary.push('.');
            ChartText { summary, table }
        }
    }
}

fn missing(title: &str, d: &Dashboard) -> ChartText {
    let mut table = DataTable::new(&["column", "missing", "share"]);
    for m in &d.missing {
        table.row(vec![m.column.clone(), thousands(m.missing), format!("{:.1}%", m.pct)]);
    }
    let gaps = d.missing.iter().filter(|m| m.missing > 0).count();
    let most = d
        .missing
        .iter()
        .filter(|m| m.missing > 0)
        .max_by(|a, b| a.missing.cmp(&b.missing).then(b.column.cmp(&a.column)));
    let mut summary = format!("{title}: {gaps} of {} columns have missing values", d.missing.len());
    if let Some(m) = most {
        summary.push_str(&format!("; most in {}, {:.1}% of rows", m.column, m.pct));
    }
    summary.push('.');
    ChartText { summary, table }
}

fn top_list(title: &str, what: &str, l: &TopList) -> ChartText {
    let mut table = DataTable::new(&[what, "incidents", "share"]);
    for item in &l.items {
        table.row(vec![item.label.clone(), thousands(item.count), percent(item.count, l.total)]);
    }
    if l.other > 0 {
        table.row(vec!["every other value".into(), thousands(l.other), percent(l.other, l.total)]);
    }
    if l.missing > 0 {
        table.row(vec!["no value".into(), thousands(l.missing), percent(l.missing, l.total)]);
    }
    let mut summary =
        format!("{title} among {} incidents ({} distinct)", thousands(l.total), thousands(l.distinct));
    if let Some(first) = l.items.first() {
        summary.push_str(&format!(
            ": most often {}, {} ({})",
            first.label,
            thousands(first.count),
            percent(first.count, l.total)
        ));
    }
    summary.push('.');
    ChartText { summary, table }
}

fn counts_table(what: &str, unit: &str, items: &[LabelCount]) -> DataTable {
    let mut table = DataTable::new(&[what, unit]);
    for item in items {
        table.row(vec![item.label.clone(), thousands(item.count)]);
    }
    table
}

/// The first item with the largest count.
fn max_by_count<T, I: Iterator<Item = (T, u64)>>(items: I) -> Option<(T, u64)> {
    items.fold(None, |best: Option<(T, u64)>, (t, n)| match best {
        Some((_, b)) if b >= n => best,
        _ => Some((t, n)),
    })
}

/// The label of a model's ROC curves (`pr`: its precision–recall curves): each class with its
/// area under the curve (average precision), e.g. "ROC curves, one class against the rest: area
/// under the curve Violent 0.912, Property 0.874.".
pub fn curves_summary(curves: &[ClassCurves], pr: bool) -> String {
    let (title, measure) = if pr {
        ("Precision–recall curves", "average precision")
    } else {
        ("ROC curves", "area under the curve")
    };
    let parts: Vec<String> = curves
        .iter()
        .map(|c| {
            let v = if pr { c.average_precision } else { c.roc_auc };
            format!("{} {}", c.class, v.map_or("not defined".to_owned(), |v| format!("{v:.3}")))
        })
        .collect();
    format!("{title}, one class against the rest: {measure} {}.", parts.join(", "))
}

/// The label of a reliability diagram: its calibration error and the bins it shows.
pub fn calibration_summary(c: &Calibration) -> String {
    let rows: u64 = c.bins.iter().map(|b| b.count).sum();
    format!(
        "Reliability diagram: predicted probability against observed frequency in {} bins over {} predictions; expected calibration error {:.3}.",
        c.bins.len(),
        thousands(rows),
        c.ece
    )
}
