//! Text alternatives of the dashboard's charts on the real extract: each summary states the
//! chart's main figures, each table holds the chart's data, and both follow the filters.

use crimelab::core::charts::{describe, ChartKind};
use crimelab::core::eda::{dashboard, Filters, Options};

use crate::support::{fixtures, sample};

#[test]
fn every_chart_has_a_summary_and_a_table_of_its_data() {
    let d = dashboard(sample(), &Filters::default(), &Options::default()).unwrap();
    for &kind in ChartKind::ALL {
        let t = describe(kind, &d);
        assert!(t.summary.starts_with(kind.title()), "{}: {}", kind.name(), t.summary);
        assert!(t.summary.ends_with('.'), "{}: {}", kind.name(), t.summary);
        assert!(!t.table.rows.is_empty(), "{} has a table", kind.name());
        assert!(t.table.rows.iter().all(|r| r.len() == t.table.headers.len()), "{}", kind.name());
    }

    // Incidents per month: the range, the peak and its month, and one row per month.
    let m = d.monthly.as_ref().unwrap();
    let (peak, month) =
        m.counts.iter().zip(&m.months).max_by(|a, b| a.0.cmp(b.0).then(b.1.cmp(a.1))).unwrap();
    let t = describe(ChartKind::Monthly, &d);
    let want = format!(
        "Incidents per month, {} to {}, peak {} in {month}",
        m.months[0],
        m.months.last().unwrap(),
        crimelab::core::format::thousands(*peak)
    );
    assert!(t.summary.starts_with(&want), "{} / {want}", t.summary);
    assert_eq!(t.table.rows.len(), m.months.len());
    assert_eq!(t.table.rows[0], vec![m.months[0].clone(), crimelab::core::format::thousands(m.counts[0])]);

    // The sample is one division: the division chart says so.
    let t = describe(ChartKind::Divisions, &d);
    assert!(
        t.summary.contains("1 of 21 divisions have incidents; most in West LA, 12,954 (100.0%)"),
        "{}",
        t.summary
    );
    // Six divisions: the summary names how many, the largest and its share. The bar chart's
    // table lists what the bars show (the six, most first); the map's lists every division by
    // AREA code with its incidents (0 where the file has none).
    let six = dashboard(fixtures::several_divisions(), &Filters::default(), &Options::default()).unwrap();
    let t = describe(ChartKind::Divisions, &six);
    assert!(
        t.summary.contains("6 of 21 divisions have incidents; most in West LA, 360 (33.3%)"),
        "{}",
        t.summary
    );
    let mut most_first: Vec<_> = fixtures::DIVISION_ROWS.iter().collect();
    most_first.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let bars: Vec<Vec<String>> =
        most_first.iter().map(|(_, name, n)| vec![name.to_string(), n.to_string()]).collect();
    assert_eq!(t.table.rows, bars);
    let t = describe(ChartKind::DivisionMap, &six);
    assert_eq!(t.table.rows.len(), 21);
    for (area, name, rows) in fixtures::DIVISION_ROWS {
        assert_eq!(t.table.rows[area as usize - 1], vec![name.to_owned(), rows.to_string()]);
    }
    assert_eq!(t.table.rows[1], vec!["Rampart".to_owned(), "0".to_owned()]);

    // Most frequent crime type, with its count and share.
    let top = &d.crime_types.as_ref().unwrap().items[0];
    let t = describe(ChartKind::CrimeTypes, &d);
    assert!(t.summary.contains(&format!("most often {}", top.label)), "{}", t.summary);
    assert_eq!(t.table.rows[0][0], top.label);
}

#[test]
fn summaries_follow_the_filters() {
    let none = Filters { divisions: vec![1], ..Filters::default() };
    let empty = dashboard(sample(), &none, &Options::default()).unwrap();
    for &kind in ChartKind::ALL {
        let t = describe(kind, &empty);
        assert_eq!(t.summary, format!("{}: no incidents match the filters.", kind.title()));
        assert!(t.table.rows.is_empty());
    }
    let from = Filters { date_from: Some("2021-01-01".into()), ..Filters::default() };
    let d = dashboard(sample(), &from, &Options::default()).unwrap();
    let t = describe(ChartKind::Monthly, &d);
    assert!(t.summary.starts_with("Incidents per month, 2021-01 to "), "{}", t.summary);
}

#[test]
fn a_models_curves_are_labelled_with_each_class_and_its_score() {
    use crimelab::core::charts::describe::{calibration_summary, curves_summary};
    let (result, _) = crate::predictions::sample_run();
    let e = &result.evaluation;
    let roc = curves_summary(&e.curves, false);
    let pr = curves_summary(&e.curves, true);
    assert!(roc.starts_with("ROC curves, one class against the rest: area under the curve "), "{roc}");
    assert!(
        pr.starts_with("Precision–recall curves, one class against the rest: average precision "),
        "{pr}"
    );
    for c in &e.curves {
        assert!(roc.contains(&format!("{} {:.3}", c.class, c.roc_auc.unwrap())), "{roc}");
        assert!(pr.contains(&format!("{} {:.3}", c.class, c.average_precision.unwrap())), "{pr}");
    }
    let cal = calibration_summary(&e.calibration);
    assert!(cal.ends_with(&format!("expected calibration error {:.3}.", e.calibration.ece)), "{cal}");
}
