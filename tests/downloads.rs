//! CSV downloads built in the core: the feature ranking, the column profiles and the tuning
//! table — headers, one row per item, values as the app shows them, formulas neutralised.

use crimelab::core::data::load_bytes;
use crimelab::core::eda::{profile, profile_csv, Filters, PROFILE_HEADER};
use crimelab::core::features::{prepare, ranking_csv, FeatureConfig, RANKING_HEADER};
use crimelab::core::models::ModelKind;
use crimelab::core::search::{tune, tuning_csv, Strategy, TuneConfig, TuningRecord};

use crate::support::sample;

/// Parses CSV bytes into its header and rows.
fn parse(bytes: &[u8]) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

#[test]
fn the_feature_ranking_downloads_best_first() {
    let prepared = prepare(sample(), &FeatureConfig::default()).unwrap();
    let ranking = &prepared.summary.ranking;
    let (header, rows) = parse(&ranking_csv(ranking).unwrap());
    assert_eq!(header, RANKING_HEADER);
    assert_eq!(rows.len(), ranking.len());
    assert_eq!(rows[0][0], "1");
    assert_eq!(rows[0][1], ranking[0].column);
    assert_eq!(rows[0][2], ranking[0].feature);
    let mi: f64 = rows[0][3].parse().unwrap();
    assert!((mi - ranking[0].mutual_info).abs() < 1e-6);
    assert!(rows.iter().all(|r| r[7] == "true" || r[7] == "false"));
}

#[test]
fn the_column_profiles_download_one_row_per_column() {
    let ds = sample();
    let p = profile(ds, &Filters::default()).unwrap();
    let (header, rows) = parse(&profile_csv(&p).unwrap());
    assert_eq!(header, PROFILE_HEADER);
    assert_eq!(rows.len(), ds.columns().len());
    let area = rows.iter().find(|r| r[0] == "AREA NAME").unwrap();
    assert_eq!((area[1].as_str(), area[2].as_str()), ("category", "true"));
    assert_eq!((area[12].as_str(), area[13].as_str()), ("West LA", ds.rows().to_string().as_str()));
    let date = rows.iter().find(|r| r[0] == "DATE OCC").unwrap();
    assert!(date[7].starts_with("2020-") && date[10].is_empty(), "{date:?}");
    let age = rows.iter().find(|r| r[0] == "Vict Age").unwrap();
    assert!(age[10].parse::<f64>().unwrap() > 10.0, "{age:?}");
}

#[test]
fn a_hostile_column_name_stays_text_in_the_profiles() {
    let csv = "DR_NO,DATE OCC,TIME OCC,AREA,Crm Cd,=HYPERLINK(\"http://x\")\n\
               1,01/01/2021,1200,8,624,@SUM(A1)\n";
    let ds = load_bytes(csv.as_bytes(), "hostile.csv").unwrap().dataset;
    let (_, rows) = parse(&profile_csv(&profile(&ds, &Filters::default()).unwrap()).unwrap());
    let hostile = rows.last().unwrap();
    assert_eq!(hostile[0], "'=HYPERLINK(\"http://x\")");
    assert_eq!(hostile[12], "'@SUM(A1)");
}

#[test]
fn the_tuning_table_downloads_ranked_with_every_fold() {
    let config = TuneConfig {
        strategy: Strategy::Random { n: 3, seed: 1 },
        folds: 3,
        max_rows: 3_000,
        ..TuneConfig::default()
    };
    let search =
        tune(sample(), &FeatureConfig::default(), ModelKind::NaiveBayes, &config, &mut |_| true).unwrap();
    let result = TuningRecord::new(ModelKind::NaiveBayes, &config, &search);
    let (header, rows) = parse(&tuning_csv(&result).unwrap());
    assert_eq!(
        header,
        ["rank", "alpha", "score", "std", "fold_1", "fold_2", "fold_3", "fit_ms", "error", "params"]
    );
    assert_eq!(rows.len(), result.candidates.len());
    for (row, c) in rows.iter().zip(&result.candidates) {
        assert_eq!(row[0], c.rank.to_string());
        assert_eq!(row[1].parse::<f64>().unwrap(), c.values["alpha"].as_f64().unwrap());
        assert!((row[2].parse::<f64>().unwrap() - c.score.unwrap()).abs() < 1e-6);
        let params: serde_json::Value = serde_json::from_str(&row[9]).unwrap();
        assert_eq!(params["alpha"], c.values["alpha"]);
    }
}
