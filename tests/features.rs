//! Targets, features and splits on the real extract: the crime-group table covers every code,
//! nothing is fitted on test rows, the time split respects time, the leakage guard flags the
//! columns that give the answer away, and shapes and counts match an independent reading of
//! the CSV.

use std::collections::{BTreeMap, BTreeSet};

use crimelab::core::data::{load_bytes, ColumnData, Dataset, Official, MISSING_INT};
use crimelab::core::features::crime_groups::{self, TABLE};
use crimelab::core::features::{
    leakage, prepare, Encoding, FeatureConfig, FittedPipeline, Prepared, SplitConfig, Target,
};
use crimelab::core::frame::{FeatureFrame, FeatureValues, MISSING_LEVEL};

use crate::support::{fixtures, sample, sample_csv, sample_path, SampleCsv};

/// Loads an edited copy of the sample.
fn load(bytes: &[u8]) -> Dataset {
    load_bytes(bytes, "edited.csv").expect("loads").dataset
}

fn col(header: &csv::StringRecord, name: &str) -> usize {
    header.iter().position(|h| h == name).unwrap()
}

/// Parses `M/D/YYYY ...` into (y, m, d).
fn ymd(text: &str) -> (i32, u32, u32) {
    let date = text.split(' ').next().unwrap();
    let p: Vec<&str> = date.split('/').collect();
    (p[2].parse().unwrap(), p[0].parse().unwrap(), p[1].parse().unwrap())
}

fn days(ds: &Dataset, o: Official) -> &[i32] {
    match &ds.official(o).unwrap().data {
        ColumnData::Date(v) => v,
        _ => panic!("not a date column"),
    }
}

fn ints(ds: &Dataset, o: Official) -> &[i32] {
    match &ds.official(o).unwrap().data {
        ColumnData::Int(v) => v,
        _ => panic!("not an int column"),
    }
}

fn numeric<'a>(p: &'a Prepared, name: &str) -> &'a [f32] {
    let f = p.train.columns.iter().find(|c| c.name == name).unwrap();
    match &f.values {
        FeatureValues::Numeric(v) => v,
        _ => panic!("{name} is not numeric"),
    }
}

/// Frame equality where NaN equals NaN (bit patterns).
fn same_frame(a: &FeatureFrame, b: &FeatureFrame) -> bool {
    a.rows == b.rows
        && a.columns.len() == b.columns.len()
        && a.columns.iter().zip(&b.columns).all(|(x, y)| {
            x.name == y.name
                && match (&x.values, &y.values) {
                    (FeatureValues::Numeric(u), FeatureValues::Numeric(v)) => {
                        u.iter().map(|f| f.to_bits()).eq(v.iter().map(|f| f.to_bits()))
                    }
                    (u, v) => u == v,
                }
        })
}

#[test]
fn every_crime_code_of_the_sample_maps_to_a_group() {
    let codes: BTreeSet<u16> = TABLE.iter().map(|t| t.0).collect();
    assert_eq!(codes.len(), TABLE.len(), "duplicate codes in the table");
    let SampleCsv { header, rows } = sample_csv();
    let i = col(header, "Crm Cd");
    let seen: BTreeSet<i32> = rows.iter().map(|r| r[i].parse().unwrap()).collect();
    assert_eq!(seen.len(), 97);
    for code in &seen {
        assert!(crime_groups::lookup(*code).is_some(), "Crm Cd {code} has no group");
    }
    // The descriptions in the table agree with the export's.
    let d = col(header, "Crm Cd Desc");
    for r in rows {
        let code: u16 = r[i].parse().unwrap();
        let entry = TABLE.iter().find(|t| t.0 == code).unwrap();
        assert_eq!(entry.2, &r[d], "description of {code}");
    }
    let p = prepare(sample(), &FeatureConfig::default()).unwrap();
    assert!(p.summary.unknown_crime_codes.is_empty());
    assert_eq!(p.summary.mapping_version, Some(crime_groups::MAPPING_VERSION));
}

#[test]
fn time_split_puts_every_test_date_after_every_train_date() {
    let ds = sample();
    let p = prepare(ds, &FeatureConfig::default()).unwrap();
    let occ = days(ds, Official::DateOcc);
    let max_train = p.train_rows.iter().map(|&r| occ[r as usize]).max().unwrap();
    let max_valid = p.valid_rows.iter().map(|&r| occ[r as usize]).max().unwrap();
    let min_valid = p.valid_rows.iter().map(|&r| occ[r as usize]).min().unwrap();
    let min_test = p.test_rows.iter().map(|&r| occ[r as usize]).min().unwrap();
    assert!(max_train < min_valid && max_valid < min_test);
    assert_eq!(p.summary.split_date.as_deref(), Some(Dataset::format_day(min_test).as_str()));
    // About 20 % of the rows test, 10 % validate (whole days move together).
    let n = (p.train.rows + p.valid.rows + p.test.rows) as f64;
    assert!((p.test.rows as f64 / n - 0.2).abs() < 0.01);
    assert!((p.valid.rows as f64 / n - 0.1).abs() < 0.01);
    // An explicit split date.
    let config = FeatureConfig {
        split: SplitConfig::Time {
            test_fraction: 0.2,
            valid_fraction: 0.0,
            split_date: Some("2021-01-01".into()),
        },
        ..FeatureConfig::default()
    };
    let p = prepare(ds, &config).unwrap();
    let cut = crimelab::core::data::date::days_from_civil(2021, 1, 1);
    assert!(p.train_rows.iter().all(|&r| occ[r as usize] < cut));
    assert!(p.test_rows.iter().all(|&r| occ[r as usize] >= cut));
    assert_eq!(p.valid.rows, 0);
}

/// Rewrites the sample with test rows (DATE OCC on or after `cut`) changed by `edit`.
fn edit_rows_from(cut: (i32, u32, u32), edit: impl Fn(&csv::StringRecord, &mut Vec<String>)) -> Vec<u8> {
    let SampleCsv { header, rows } = sample_csv();
    let occ = 2; // first DATE OCC column
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        let mut fields: Vec<String> = r.iter().map(str::to_owned).collect();
        if ymd(&r[occ]) >= cut {
            edit(header, &mut fields);
        }
        w.write_record(&fields).unwrap();
    }
    w.into_inner().unwrap()
}

#[test]
fn encoders_and_scalers_never_see_test_rows() {
    let original = sample();
    let config = FeatureConfig {
        encoding: Encoding::OneHot,
        encoding_overrides: BTreeMap::from([("premise".to_string(), Encoding::Target)]),
        min_level_count: 1,
        ..FeatureConfig::default()
    };
    let p = prepare(original, &config).unwrap();
    let split = p.summary.split_date.clone().unwrap();
    let parts: Vec<u32> = split.split('-').map(|x| x.parse().unwrap()).collect();
    let cut = (parts[0] as i32, parts[1], parts[2]);

    // The scaler of victim_age is the mean of the training rows only…
    let age = ints(original, Official::VictAge);
    let mean = |rows: &[u32]| {
        let v: Vec<f64> =
            rows.iter().map(|&r| age[r as usize]).filter(|&a| a > 0 && a <= 120).map(f64::from).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let train_mean = mean(&p.train_rows);
    let column = p.pipeline.columns.iter().find(|c| c.name == "victim_age").unwrap();
    let scaler = column.scalers[0].unwrap();
    assert!((scaler.shift - train_mean).abs() < 1e-9, "{} vs {train_mean}", scaler.shift);
    // …and the scaled training column has mean 0.
    let scaled = numeric(&p, "victim_age");
    let present: Vec<f64> = scaled.iter().filter(|v| !v.is_nan()).map(|&v| v as f64).collect();
    assert!((present.iter().sum::<f64>() / present.len() as f64).abs() < 1e-4);

    // Now make the test rows very different: every victim 99 years old, every premise new.
    let edited = load(&edit_rows_from(cut, |h, f| {
        f[col(h, "Vict Age")] = "99".into();
        f[col(h, "Premis Desc")] = "ONLY IN TEST ROWS".into();
    }));
    let q = prepare(&edited, &config).unwrap();
    assert_eq!(q.test_rows, p.test_rows, "same split");
    // Fitting on all rows would have moved the mean (and added a level)…
    let all: Vec<u32> = (0..edited.rows() as u32).collect();
    let edited_age = ints(&edited, Official::VictAge);
    let all_mean = all.iter().map(|&r| edited_age[r as usize]).filter(|&a| a > 0).map(f64::from).sum::<f64>()
        / all.iter().filter(|&&r| edited_age[r as usize] > 0).count() as f64;
    assert!((all_mean - train_mean).abs() > 1.0);
    // …but the fitted pipeline is exactly the same, and so is the training matrix.
    let json = |f: &FittedPipeline| serde_json::to_string(f).unwrap();
    assert_eq!(json(&p.pipeline), json(&q.pipeline));
    assert!(same_frame(&p.train, &q.train), "training matrices differ");
    // The test rows' new premise is not a level: it maps to Other (target-encoded as Other).
    let premise = q.pipeline.columns.iter().find(|c| c.name == "premise").unwrap();
    let levels = premise.levels.as_ref().unwrap();
    assert!(!levels.iter().any(|l| l == "ONLY IN TEST ROWS"));
    assert_eq!(premise.encoding.label(), "target");
}

#[test]
fn target_encoding_uses_training_shares() {
    let ds = sample();
    let config = FeatureConfig {
        target: Target::Arrest,
        features: vec!["premise".into(), "hour".into()],
        encoding: Encoding::Target,
        scaling: crimelab::core::features::Scaling::None,
        ..FeatureConfig::default()
    };
    let p = prepare(ds, &config).unwrap();
    let premise = p.pipeline.columns.iter().find(|c| c.name == "premise").unwrap();
    let levels = premise.levels.as_ref().unwrap();
    let crimelab::core::features::encode::FittedEncoding::Target { table, outputs, .. } = &premise.encoding
    else {
        panic!("not target-encoded")
    };
    assert_eq!(*outputs, 1);
    // Independent computation for the most frequent premise, on training rows only.
    let SampleCsv { header, rows } = sample_csv();
    let (pd, st) = (col(header, "Premis Desc"), col(header, "Status"));
    let arrest = |r: &csv::StringRecord| matches!(&r[st], "AA" | "JA");
    let train: Vec<&csv::StringRecord> = p.train_rows.iter().map(|&r| &rows[r as usize]).collect();
    let prior = train.iter().filter(|r| arrest(r)).count() as f64 / train.len() as f64;
    let level = &levels[0];
    let with: Vec<_> = train.iter().filter(|r| &r[pd] == level.as_str()).collect();
    let hits = with.iter().filter(|r| arrest(r)).count() as f64;
    let expect = (hits + 10.0 * prior) / (with.len() as f64 + 10.0);
    assert!((table[0] as f64 - expect).abs() < 1e-5, "{} vs {expect}", table[0]);
    // Test rows get the full-training table value.
    let test_col = p.test.columns.iter().find(|c| c.name.starts_with("premise")).unwrap();
    let FeatureValues::Numeric(v) = &test_col.values else { panic!() };
    for (i, &r) in p.test_rows.iter().enumerate() {
        if rows[r as usize][pd] == *level.as_str() {
            assert_eq!(v[i], table[0]);
        }
    }
}

#[test]
fn leakage_guard_flags_the_listed_columns() {
    let ds = sample();
    let cases: [(Target, &[&str]); 3] = [
        (Target::CrimeGroup, &["Crm Cd", "Crm Cd Desc", "Crm Cd 1", "Part 1-2", "DR_NO"]),
        (Target::Part12, &["Crm Cd", "Crm Cd Desc", "Crm Cd 1"]),
        (Target::Arrest, &["Status", "Status Desc"]),
    ];
    for (target, leaky) in cases {
        let mut features = vec!["hour".to_string(), "premise".into()];
        features.extend(leaky.iter().map(|c| format!("column:{c}")));
        let config = FeatureConfig { target: target.clone(), features, ..FeatureConfig::default() };
        let p = prepare(ds, &config).unwrap();
        let flagged: BTreeSet<&str> = p.summary.leakage.iter().map(|l| l.column.as_str()).collect();
        for c in leaky {
            assert!(flagged.contains(c), "{target}: {c} not flagged ({flagged:?})");
        }
        assert!(!flagged.contains("hour") && !flagged.contains("premise"));
        assert!(p.summary.leakage.iter().all(|l| l.excluded && !l.reason.is_empty()));
        let names = p.train.names();
        assert_eq!(names, vec!["hour", "premise"], "{target}");
        assert!(p.summary.warnings.is_empty());
    }
    // Division: rules flag the location columns, and the data check confirms them on a file
    // where the division varies (the sample is West LA only).
    for id in [
        "column:AREA",
        "column:AREA NAME",
        "column:Rpt Dist No",
        "column:LAT",
        "lat",
        "lon",
        "grid_cell",
        "area",
        "column:LOCATION",
    ] {
        assert!(leakage::rule_reason(&Target::Division, id).is_some(), "{id}");
    }
    assert!(leakage::rule_reason(&Target::Division, "premise").is_none());
    let config = FeatureConfig {
        target: Target::Division,
        features: vec![
            "hour".into(),
            "area".into(),
            "lat".into(),
            "lon".into(),
            "grid_cell".into(),
            "column:Rpt Dist No".into(),
        ],
        ..FeatureConfig::default()
    };
    let p = prepare(fixtures::several_divisions(), &config).unwrap();
    assert_eq!(p.classes.len(), fixtures::DIVISION_ROWS.len());
    let flagged: BTreeSet<&str> = p.summary.leakage.iter().map(|l| l.column.as_str()).collect();
    for c in ["area", "lat", "lon", "grid_cell", "Rpt Dist No"] {
        assert!(flagged.contains(c), "division: {c} not flagged ({flagged:?})");
    }
    assert_eq!(p.train.names(), vec!["hour"]);
}

#[test]
fn data_check_flags_unlisted_determining_columns_and_override_warns() {
    let ds = sample();
    // No rule links Crm Cd to a free-column target "Part 1-2"… the data check does.
    let config = FeatureConfig {
        target: Target::Column("Part 1-2".into()),
        features: vec!["hour".into(), "column:Crm Cd".into(), "column:Premis Cd".into()],
        split: SplitConfig::Random { test_fraction: 0.2, valid_fraction: 0.1 },
        ..FeatureConfig::default()
    };
    let p = prepare(ds, &config).unwrap();
    let note = p.summary.leakage.iter().find(|l| l.column == "Crm Cd").expect("flagged");
    assert!(!note.rule && note.excluded);
    assert!(note.uncertainty.unwrap() > 0.9, "{note:?}");
    assert!(!p.summary.leakage.iter().any(|l| l.column == "Premis Cd"));
    // Overriding keeps it, with a warning on the summary and on the fitted pipeline.
    let mut kept = config.clone();
    kept.leakage.allow = vec!["column:Crm Cd".into()];
    let p = prepare(ds, &kept).unwrap();
    assert!(p.train.names().contains(&"Crm Cd".to_string()));
    assert!(p.summary.leakage_override);
    assert_eq!(p.summary.warnings.len(), 1);
    assert!(p.summary.warnings[0].contains("Crm Cd"));
    assert_eq!(p.pipeline.warnings, p.summary.warnings);
}

#[test]
fn shapes_and_counts_match_the_csv() {
    let ds = sample();
    let SampleCsv { header, rows } = sample_csv();
    let (st, rp) = (col(header, "Status"), col(header, "Date Rptd"));
    // Independent count: arrests among rows reported before the records-system change.
    let usable: Vec<&csv::StringRecord> = rows.iter().filter(|r| ymd(&r[rp]) < (2024, 3, 7)).collect();
    let arrests = usable.iter().filter(|r| matches!(&r[st], "AA" | "JA")).count();
    let config = FeatureConfig {
        target: Target::Arrest,
        split: SplitConfig::Random { test_fraction: 0.2, valid_fraction: 0.1 },
        class_weights: true,
        ..FeatureConfig::default()
    };
    let p = prepare(ds, &config).unwrap();
    let s = &p.summary;
    assert_eq!(s.total_rows, rows.len());
    assert_eq!(s.dropped.records_change, rows.len() - usable.len());
    assert_eq!(s.train_rows + s.valid_rows + s.test_rows, usable.len());
    assert_eq!(s.classes[1].name, "Arrest");
    assert_eq!(s.classes[1].train + s.classes[1].valid + s.classes[1].test, arrests);
    // Stratified: each class's test share is 20 % up to rounding.
    for c in &s.classes {
        let n = c.train + c.valid + c.test;
        assert!((c.test as f64 - 0.2 * n as f64).abs() <= 1.0, "{c:?}");
    }
    // Shapes.
    assert_eq!(s.shape, [p.train.rows, p.train.n_features()]);
    assert_eq!((p.y_train.len(), p.y_valid.len(), p.y_test.len()), (s.train_rows, s.valid_rows, s.test_rows));
    assert_eq!(p.test_rows.len(), p.test.rows);
    assert_eq!(s.n_features, s.features.len());
    assert_eq!(s.one_hot_width, s.features.iter().map(|f| f.width).sum::<usize>());
    // The MO-code features are the 20 codes most frequent on the training rows (≥ 20 rows).
    let mo = col(header, "Mocodes");
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for &r in &p.train_rows {
        for code in rows[r as usize][mo].split_whitespace() {
            // Spreadsheet re-saves drop leading zeros ("100" is 0100).
            let code: u16 = code.parse().unwrap();
            *counts.entry(format!("{code:04}")).or_default() += 1;
        }
    }
    let mut by_count: Vec<(usize, String)> =
        counts.into_iter().filter(|(_, n)| *n >= 20).map(|(c, n)| (n, c)).collect();
    by_count.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let expected: Vec<String> = by_count.iter().take(20).map(|(_, c)| format!("mocode_{c}")).collect();
    let got: Vec<String> =
        p.train.names().into_iter().filter(|n| n.starts_with("mocode_") && n != "mocode_count").collect();
    assert_eq!(got, expected);
    // Balanced class weights: each class weighs n / (2 · n_c) per row.
    let w = p.train_weights.as_ref().unwrap();
    let n_arrest = p.y_train.iter().filter(|&&y| y == 1).count() as f64;
    let expect = p.y_train.len() as f64 / (2.0 * n_arrest);
    let i = p.y_train.iter().position(|&y| y == 1).unwrap();
    assert!((w[i] as f64 - expect).abs() < 1e-4);
    // Memory estimate covers the matrices.
    assert!(s.memory_bytes >= p.train.heap_bytes() + p.test.heap_bytes());
}

#[test]
fn derived_features_match_the_csv() {
    let ds = sample();
    let config =
        FeatureConfig { scaling: crimelab::core::features::Scaling::None, ..FeatureConfig::default() };
    let p = prepare(ds, &config).unwrap();
    let SampleCsv { header, rows } = sample_csv();
    let (t, a, dr, d) = (col(header, "TIME OCC"), col(header, "Vict Age"), col(header, "Date Rptd"), 2);
    let hour = numeric(&p, "hour");
    let age = numeric(&p, "victim_age");
    let delay = numeric(&p, "report_delay_days");
    let to_days = |(y, m, dd): (i32, u32, u32)| crimelab::core::data::date::days_from_civil(y, m, dd);
    for (i, &r) in p.train_rows.iter().enumerate().step_by(97) {
        let row = &rows[r as usize];
        let time: i32 = row[t].parse().unwrap();
        assert_eq!(hour[i], (time / 100) as f32);
        let va: i32 = row[a].parse().unwrap();
        if va <= 0 {
            assert!(age[i].is_nan());
        } else {
            assert_eq!(age[i], va as f32);
        }
        assert_eq!(delay[i], (to_days(ymd(&row[dr])) - to_days(ymd(&row[d]))) as f32);
    }
    // Weekend flag agrees with the extract's own weekday column ("dayofweek": 1 = Sunday).
    let wd = col(header, "dayofweek");
    let weekend = p.train.columns.iter().find(|c| c.name == "weekend").unwrap();
    for (i, &r) in p.train_rows.iter().enumerate().step_by(31) {
        let dow: u32 = rows[r as usize][wd].parse().unwrap();
        let expect = matches!(dow, 1 | 7);
        let FeatureValues::Categorical { codes, levels } = &weekend.values else { panic!() };
        assert_ne!(codes[i], MISSING_LEVEL);
        assert_eq!(levels[codes[i] as usize] == "yes", expect);
    }
    let _ = MISSING_INT;
}

#[test]
fn fitted_pipeline_reproduces_the_test_matrix() {
    let ds = sample();
    let config = FeatureConfig { encoding: Encoding::Frequency, ..FeatureConfig::default() };
    let p = prepare(ds, &config).unwrap();
    let json = serde_json::to_string(&p.pipeline).unwrap();
    let pipeline: FittedPipeline = serde_json::from_str(&json).unwrap();
    let again = pipeline.transform(ds, &p.test_rows).unwrap();
    assert!(same_frame(&again, &p.test), "transform differs from the test matrix");
    assert_eq!(pipeline.labels(ds, &p.test_rows).unwrap(), p.y_test);
    // The same config gives the same matrices (seeded).
    let q = prepare(ds, &config).unwrap();
    assert!(same_frame(&q.train, &p.train), "not reproducible");
    assert_eq!(q.test_rows, p.test_rows);
}

#[test]
fn cli_prints_the_summary_json() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_crimelab"))
        .args(["features", sample_path(), "--target", "crime-group", "--split", "time", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "train_rows",
        "test_rows",
        "split_date",
        "n_features",
        "classes",
        "memory_bytes",
        "leakage",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["target"], "crime-group");
    assert_eq!(v["split_kind"], "time");
    assert!(v["split_date"].as_str().unwrap().starts_with("2021-"));
}

#[test]
fn crime_group_doc_matches_the_table() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/crime-groups.md"))
        .expect("docs/crime-groups.md");
    let mut group = None;
    let mut listed = BTreeMap::new();
    for line in doc.lines() {
        if let Some(title) = line.strip_prefix("### ") {
            let name = title.split(" (").next().unwrap();
            group = crimelab::core::features::CrimeGroup::ALL.iter().copied().find(|g| g.label() == name);
            assert!(group.is_some(), "unknown group heading {title}");
        } else if let Some(rest) = line.strip_prefix("| ") {
            if let Ok(code) = rest.split(" |").next().unwrap().parse::<u16>() {
                assert!(listed.insert(code, group.unwrap()).is_none(), "{code} listed twice");
            }
        }
    }
    let table: BTreeMap<u16, _> = TABLE.iter().map(|&(c, g, _)| (c, g)).collect();
    assert_eq!(listed, table);
    assert!(doc.contains(&format!("mapping version {}", crime_groups::MAPPING_VERSION)));
}

#[test]
fn resampling_and_kfold_stay_inside_the_training_rows() {
    let ds = sample();
    let base = FeatureConfig {
        target: Target::Arrest,
        features: vec!["hour".into(), "premise".into()],
        ..FeatureConfig::default()
    };
    let plain = prepare(ds, &base).unwrap();
    for how in
        [crimelab::core::features::Resampling::Oversample, crimelab::core::features::Resampling::Undersample]
    {
        let config = FeatureConfig { resampling: how, ..base.clone() };
        let p = prepare(ds, &config).unwrap();
        // Validation and test sets are untouched.
        assert_eq!(p.test_rows, plain.test_rows);
        assert_eq!(p.valid_rows, plain.valid_rows);
        assert!(same_frame(&p.test, &plain.test));
        // Every training row comes from the original training rows, classes now balanced.
        let original: BTreeSet<u32> = plain.train_rows.iter().copied().collect();
        assert!(p.train_rows.iter().all(|r| original.contains(r)));
        let arrests = p.y_train.iter().filter(|&&y| y == 1).count();
        assert_eq!(arrests * 2, p.y_train.len(), "{how:?}");
        assert_eq!(p.train.rows, p.y_train.len());
    }
    // k-fold on the training labels: stratified, each position scored once.
    let folds = crimelab::core::features::stratified_kfold(&plain.y_train, 2, 5, 3).unwrap();
    let total_arrests = plain.y_train.iter().filter(|&&y| y == 1).count() as f64;
    let mut scored = vec![0u8; plain.y_train.len()];
    for f in &folds {
        let a = f.valid.iter().filter(|&&i| plain.y_train[i as usize] == 1).count() as f64;
        assert!((a - total_arrests / 5.0).abs() <= 1.0);
        f.valid.iter().for_each(|&i| scored[i as usize] += 1);
    }
    assert!(scored.iter().all(|&s| s == 1));
}

#[test]
fn output_names_are_unique() {
    // The extract has its own `month` column besides the derived month feature.
    let config = FeatureConfig {
        features: vec!["month".into(), "column:month".into(), "hour".into(), "hour".into()],
        ..FeatureConfig::default()
    };
    let p = prepare(sample(), &config).unwrap();
    assert_eq!(p.train.names(), vec!["month", "column:month", "hour"]);
}

#[test]
fn a_forecast_uses_only_time_place_and_premise_and_says_so() {
    use crimelab::core::features::Question;
    use crimelab::core::ErrorKind;
    let forecast =
        FeatureConfig { target: Target::Part12, question: Question::WhenWhere, ..Default::default() };
    let p = prepare(sample(), &forecast).unwrap();
    assert_eq!(
        (p.summary.question.as_str(), p.summary.question_label.as_str()),
        ("when-where", "Forecast from when and where")
    );
    let used: BTreeSet<&str> = p.pipeline.columns.iter().map(|c| c.feature.as_str()).collect();
    assert!(used.contains("hour") && used.contains("premise") && used.contains("lat"), "{used:?}");
    for report_detail in
        ["mocodes", "mocode_count", "victim_age", "victim_sex", "weapon", "report_delay_days"]
    {
        assert!(!used.contains(report_detail), "{report_detail} is recorded with the report");
    }
    // Asking for a report detail in a forecast is refused by name.
    let mocodes = FeatureConfig { features: vec!["hour".into(), "mocodes".into()], ..forecast.clone() };
    let err = prepare(sample(), &mocodes).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidParam { value, .. } if value == "mocodes"), "{err}");
    assert!(err.to_string().contains("Classify a filed report"), "{err}");
    // The default question keeps today's features.
    let report = prepare(sample(), &FeatureConfig { target: Target::Part12, ..Default::default() }).unwrap();
    assert_eq!(report.summary.question, "filed-report");
    assert!(report.pipeline.columns.iter().any(|c| c.feature == "mocodes"));
}

// ---- Dates across the 2024-03-07 records-system change (tests/data/records_change.csv) -----

/// A date as `(year, month, day)`.
type Ymd = (i32, u32, u32);

/// `(occurred, reported)` of every row of the records-change fixture, read with the csv crate.
fn fixture_dates() -> Vec<(Ymd, Ymd)> {
    let (header, rows) = fixtures::records("records_change.csv");
    let (occ, rptd) = (col(&header, "DATE OCC"), col(&header, "Date Rptd"));
    rows.iter().map(|r| (ymd(&r[occ]), ymd(&r[rptd]))).collect()
}

#[test]
fn rows_from_the_records_change_on_are_left_out_before_the_time_split() {
    let ds = fixtures::records_change();
    let change = (2024, 3, 7);
    let dates = fixture_dates();
    // Counted independently: a row is left out when it occurred or was reported on or after the change.
    let after = dates.iter().filter(|(o, r)| *o >= change || *r >= change).count();
    assert!(after > 100 && after < dates.len() - 100, "the file straddles the change: {after}");
    let config = FeatureConfig { target: Target::Part12, ..FeatureConfig::default() };
    let p = prepare(ds, &config).unwrap();
    assert_eq!(p.summary.dropped.records_change, after);
    assert_eq!(p.summary.train_rows + p.summary.valid_rows + p.summary.test_rows, dates.len() - after);
    let cut = crimelab::core::data::date::days_from_civil(2024, 3, 7);
    let occ = days(ds, Official::DateOcc);
    let rptd = days(ds, Official::DateRptd);
    for &r in p.train_rows.iter().chain(&p.valid_rows).chain(&p.test_rows) {
        assert!(occ[r as usize] < cut && rptd[r as usize] < cut, "row {r}");
    }
    // The time split still puts every test date after every training date.
    let last_train = p.train_rows.iter().map(|&r| occ[r as usize]).max().unwrap();
    assert!(p.test_rows.iter().all(|&r| occ[r as usize] >= last_train));
    assert!(!p.summary.warnings.iter().any(|w| w.contains("records-system change")));
}

#[test]
fn rows_across_the_records_change_are_kept_with_a_warning_when_asked() {
    let ds = fixtures::records_change();
    let config =
        FeatureConfig { target: Target::Part12, exclude_records_change: false, ..FeatureConfig::default() };
    let p = prepare(ds, &config).unwrap();
    assert_eq!(p.summary.dropped.records_change, 0);
    assert_eq!(p.summary.train_rows + p.summary.valid_rows + p.summary.test_rows, fixture_dates().len());
    assert!(
        p.summary.warnings.iter().any(|w| w.contains("(2024-03-07) on are included")),
        "{:?}",
        p.summary.warnings
    );
    // The latest incidents, after the change, are the ones tested on.
    let cut = crimelab::core::data::date::days_from_civil(2024, 3, 7);
    let occ = days(ds, Official::DateOcc);
    assert!(p.test_rows.iter().all(|&r| occ[r as usize] >= cut));
    assert!(p.train_rows.iter().any(|&r| occ[r as usize] < cut));
}
