//! Typed errors: each kind comes from the real code path that meets the situation, and its
//! message says what is wrong and what to do.

use crimelab::core::features::Target;
use crimelab::core::frame::FeatureFrame;
use crimelab::core::geo::Divisions;
use crimelab::core::models::logreg::LogregParams;
use crimelab::core::models::naive_bayes::NaiveBayesParams;
use crimelab::core::models::{quiet, Learner, TrainData};
use crimelab::core::search::{check_folds, Fold, Score};
use crimelab::core::{Error, ErrorKind};

use crate::support::quick_dataset;

#[test]
fn a_model_without_features_says_so() {
    // Rows and two classes, but no feature column.
    let x = FeatureFrame { rows: 4, columns: Vec::new() };
    let data = TrainData {
        x: &x,
        y: &[0, 1, 0, 1],
        n_classes: 2,
        weights: None,
        valid: None,
        seed: 1,
        prescaled: false,
        parallelism: Default::default(),
    };
    for err in [
        LogregParams::default().fit(&data, &mut quiet()).unwrap_err(),
        NaiveBayesParams::default().fit(&data, &mut quiet()).unwrap_err(),
    ] {
        assert!(matches!(err.kind(), ErrorKind::NoFeatures { .. }), "{err:?}");
        assert!(err.to_string().contains("choose more features"), "{err}");
    }
}

#[test]
fn a_malformed_divisions_file_is_an_invalid_file() {
    for (text, says) in [
        ("not json", "line 1"),
        (
            r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[]}}]}"#,
            "feature 0 has no numeric PREC",
        ),
    ] {
        let err = Divisions::from_geojson(text).unwrap_err();
        match err.kind() {
            ErrorKind::InvalidFile { file, .. } => assert_eq!(file, "the divisions GeoJSON"),
            other => panic!("{other:?}"),
        }
        assert!(err.to_string().starts_with("The divisions GeoJSON cannot be read"), "{err}");
        assert!(err.to_string().contains(says), "{err}");
    }
}

#[test]
fn leaking_folds_and_non_finite_probabilities_are_internal_errors() {
    let leak = Fold { train: vec![0, 1], valid: vec![1, 2] };
    let err = check_folds(&[leak], 3).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Internal { .. }), "{err:?}");
    assert!(err.to_string().contains("the folds leak") && err.to_string().contains("bug"), "{err}");

    let err = Score::MacroF1.of(&[0, 1], &[0.5, 0.5, f32::NAN, 0.5], 2).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Internal { .. }), "{err:?}");
}

#[test]
fn a_target_column_that_is_absent_or_numeric_is_named() {
    let ds = quick_dataset();
    let err = Target::Column("No Such Column".into()).labels(ds).unwrap_err();
    match err.kind() {
        ErrorKind::InvalidParam { param, value, .. } => {
            assert_eq!(param, "target");
            assert!(value.contains("No Such Column"));
        }
        other => panic!("{other:?}"),
    }
    let err = Target::Column("LAT".into()).labels(ds).unwrap_err();
    match err.kind() {
        ErrorKind::ColumnUnavailable { column, hint, .. } => {
            assert_eq!(column, "LAT");
            assert!(hint.as_deref().unwrap_or_default().contains("text or code column"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_refused_file_keeps_the_reason_and_its_kind() {
    let err = Error::file_refused("other.csv", "added", Error::no_dataset());
    assert_eq!(err.to_string(), "other.csv was not added: No dataset is loaded; load a file first.");
    match err.kind() {
        ErrorKind::FileRefused { error, .. } => assert!(matches!(error.kind(), ErrorKind::NoDataset)),
        other => panic!("{other:?}"),
    }
    let source = std::error::Error::source(&err).expect("the reason is the source");
    assert_eq!(source.to_string(), "No dataset is loaded; load a file first.");
}

#[test]
fn not_ready_and_no_rows_say_what_to_wait_for_or_why() {
    let err = Error::not_ready("the column profiles");
    assert_eq!(err.to_string(), "Still waiting for the column profiles; try again in a moment.");
    let err = Error::new(ErrorKind::NoRows {
        file: "a.csv".into(),
        skipped: vec!["3 rows: too few fields".into()],
    });
    assert_eq!(err.to_string(), "No data rows could be read from a.csv (3 rows: too few fields).");
}
