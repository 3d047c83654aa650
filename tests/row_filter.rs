//! Train on what you explored: the dashboard's filters as a row filter of the feature
//! configuration leave out exactly the rows they exclude, before the split, and the run card
//! and the summary record them — the same on the command line.

use std::process::Command;

use crimelab::core::eda::Filters;
use crimelab::core::experiment::{run, RunConfig};
use crimelab::core::features::{prepare, FeatureConfig};
use crimelab::core::models::ModelKind;
use crimelab::core::ErrorKind;

use crate::support::{sample, sample_csv, sample_path};

/// 2021 only, two crime types (simple assault by code, vehicle theft by description).
fn filters() -> Filters {
    Filters {
        date_from: Some("2021-01-01".into()),
        date_to: Some("2021-12-31".into()),
        divisions: vec![8],
        crime_codes: vec![624],
        crime_descs: vec!["VEHICLE - STOLEN".into()],
    }
}

/// The rows of the sample file the filters keep, counted from the CSV text itself.
fn rows_kept_in_the_file() -> usize {
    let csv = sample_csv();
    let (date, area, code, desc) =
        (csv.col("DATE OCC"), csv.col("AREA"), csv.col("Crm Cd"), csv.col("Crm Cd Desc"));
    csv.rows
        .iter()
        .filter(|r| {
            // `10/15/2021 0:00`: the year is 2021.
            let year = r[date].split(['/', ' ']).nth(2).unwrap();
            year == "2021"
                && r[area].trim() == "8"
                && (r[code].trim() == "624" || r[desc].trim() == "VEHICLE - STOLEN")
        })
        .count()
}

#[test]
fn the_filtered_rows_are_exactly_the_rows_split() {
    let ds = sample();
    let expected = rows_kept_in_the_file();
    assert!(expected > 300 && expected < ds.rows() / 4, "{expected}");
    let config = FeatureConfig { filters: filters(), ..FeatureConfig::default() };
    let s = prepare(ds, &config).unwrap().summary;
    assert_eq!(s.train_rows + s.valid_rows + s.test_rows, expected);
    assert_eq!(s.dropped.filtered, ds.rows() - expected);
    assert_eq!((s.dropped.no_target, s.dropped.records_change, s.dropped.no_date), (0, 0, 0));
    assert_eq!(s.row_filter.as_deref(), Some("2021-01-01 → 2021-12-31 · West LA · VEHICLE - STOLEN, 624"));
    // Every set's dates lie in the range.
    for dates in [s.train_dates.as_ref().unwrap(), s.test_dates.as_ref().unwrap()] {
        assert!(dates[0].as_str() >= "2021-01-01" && dates[1].as_str() <= "2021-12-31", "{dates:?}");
    }
    // Unfiltered, nothing is left out by a filter and there are many more rows.
    let all = prepare(ds, &FeatureConfig::default()).unwrap().summary;
    assert_eq!((all.dropped.filtered, all.row_filter.as_deref()), (0, None));
    assert!(all.train_rows > 4 * s.train_rows);
}

#[test]
fn the_run_card_records_the_filters() {
    let config = RunConfig {
        features: FeatureConfig { filters: filters(), ..FeatureConfig::default() },
        model: ModelKind::NaiveBayes.default_params(),
        seed: 1,
        tuning: None,
    };
    let out = run(sample(), Some("sample.csv"), &config, &mut |_| true).unwrap();
    let recorded = out.result.card.feature_config.as_ref().unwrap();
    assert_eq!(recorded.filters, filters());
    // The card's feature configuration reads back strictly and rebuilds the same rows.
    let json = serde_json::to_string(recorded).unwrap();
    let back: FeatureConfig = crimelab::core::strict::from_str("features", &json).unwrap();
    assert_eq!(back, *recorded);
    assert_eq!(prepare(sample(), &back).unwrap().summary.train_rows, out.result.train_rows);
    // A configuration without the key still reads (files made before the filters).
    let old: FeatureConfig =
        crimelab::core::strict::from_str("features", r#"{"target": "part-1-2"}"#).unwrap();
    assert!(old.filters.is_empty());
}

#[test]
fn filters_that_are_not_valid_are_refused_by_name() {
    let cases = [
        (Filters { date_from: Some("2021-02-30".into()), ..Filters::default() }, "date_from"),
        (
            Filters {
                date_from: Some("2022-01-01".into()),
                date_to: Some("2021-01-01".into()),
                ..Filters::default()
            },
            "date_to",
        ),
        (Filters { divisions: vec![22], ..Filters::default() }, "divisions"),
    ];
    for (filters, param) in cases {
        let config = FeatureConfig { filters, ..FeatureConfig::default() };
        match config.validate().unwrap_err().into_kind() {
            ErrorKind::InvalidParam { owner, param: p, .. } => {
                assert_eq!((owner.as_str(), p.as_str()), ("filters", param))
            }
            other => panic!("{other:?}"),
        }
    }
    // A filter that keeps one crime group leaves one class: a clear message, not a model.
    let one = FeatureConfig {
        filters: Filters { crime_codes: vec![510], ..Filters::default() },
        ..FeatureConfig::default()
    };
    let message = prepare(sample(), &one).unwrap_err().to_string();
    assert!(message.contains("1 class"), "{message}");
}

#[test]
fn the_command_line_takes_the_same_filters() {
    let out = Command::new(env!("CARGO_BIN_EXE_crimelab"))
        .args([
            "train",
            sample_path(),
            "--model",
            "naive-bayes",
            "--from",
            "2021-01-01",
            "--to",
            "2021-12-31",
        ])
        .args(["--divisions", "8", "--crime-types", "624;VEHICLE - STOLEN", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows =
        ["train_rows", "valid_rows", "test_rows"].iter().map(|k| json[k].as_u64().unwrap()).sum::<u64>();
    assert_eq!(rows as usize, rows_kept_in_the_file());
    let recorded = &json["card"]["feature_config"]["filters"];
    assert_eq!(recorded["date_from"], "2021-01-01");
    assert_eq!(recorded["divisions"], serde_json::json!([8]));
    assert_eq!(recorded["crime_codes"], serde_json::json!([624]));
    assert_eq!(recorded["crime_descs"], serde_json::json!(["VEHICLE - STOLEN"]));
    assert_eq!(json["features"]["row_filter"], "2021-01-01 → 2021-12-31 · West LA · VEHICLE - STOLEN, 624");
    // features takes them too; a bad value is refused before loading.
    let bad = Command::new(env!("CARGO_BIN_EXE_crimelab"))
        .args(["features", sample_path(), "--divisions", "22"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--divisions"));
}

#[test]
fn the_division_filter_keeps_exactly_the_chosen_divisions_rows() {
    use crate::support::fixtures;
    use crimelab::core::data::{ColumnData, Official};
    let ds = fixtures::several_divisions();
    let config = FeatureConfig {
        filters: Filters { divisions: vec![1, 12], ..Filters::default() },
        ..FeatureConfig::default()
    };
    let p = prepare(ds, &config).unwrap();
    let s = &p.summary;
    // Central 288 and 77th Street 216 of the fixture's 1,080 rows.
    assert_eq!(s.dropped.filtered, 1080 - 288 - 216);
    assert_eq!(s.train_rows + s.valid_rows + s.test_rows, 288 + 216);
    assert_eq!(s.row_filter.as_deref(), Some("Central, 77th Street"));
    let ColumnData::Int(area) = &ds.official(Official::Area).unwrap().data else { panic!("AREA") };
    for &r in p.train_rows.iter().chain(&p.valid_rows).chain(&p.test_rows) {
        assert!(matches!(area[r as usize], 1 | 12), "row {r} is AREA {}", area[r as usize]);
    }
}
