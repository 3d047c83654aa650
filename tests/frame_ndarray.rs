//! The feature matrix to ndarray and back: column names, one-hot and code layouts, missing
//! values, labels, a prepared set of the real sample, and the refusals of the import.

use crimelab::core::features::{prepare, FeatureConfig};
use crimelab::core::frame::{Feature, FeatureFrame, FeatureValues, MISSING_LEVEL};
use crimelab::core::frame_ndarray::{labels_to_array1, Categoricals};
use crimelab::core::ErrorKind;
use ndarray::{array, Array2};

use crate::support::sample;

fn levels(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

/// Three rows: a numeric column with a missing value, a categorical one with a missing code.
fn small() -> FeatureFrame {
    FeatureFrame::new(vec![
        Feature::numeric("age", vec![30.0, f32::NAN, 52.5]),
        Feature::categorical("sex", vec![1, MISSING_LEVEL, 0], levels(&["F", "M"])),
    ])
}

#[test]
fn one_hot_layout_names_every_level_and_leaves_missing_rows_empty() {
    let (x, names) = small().to_array2::<f32>(Categoricals::OneHot);
    assert_eq!(names, ["age", "sex=F", "sex=M"]);
    assert_eq!(x.dim(), (3, 3));
    assert_eq!(x.row(0).to_vec(), [30.0, 0.0, 1.0]);
    assert!(x[[1, 0]].is_nan(), "a missing number stays NaN");
    assert_eq!(x.row(1).slice(ndarray::s![1..]).to_vec(), [0.0, 0.0], "a missing level sets no column");
    assert_eq!(x.row(2).to_vec(), [52.5, 1.0, 0.0]);
}

#[test]
fn code_layout_keeps_one_column_per_feature() {
    let (x, names) = small().to_array2::<f64>(Categoricals::Codes);
    assert_eq!(names, ["age", "sex"]);
    assert_eq!(x.dim(), (3, 2));
    assert_eq!(x.column(1)[0], 1.0);
    assert!(x.column(1)[1].is_nan(), "a missing code is NaN");
    assert_eq!(x.column(1)[2], 0.0);
    assert_eq!(small().array_column_names(Categoricals::Codes), names);
}

#[test]
fn numeric_frames_round_trip_through_both_float_types() {
    let frame = FeatureFrame::new(vec![
        Feature::numeric("lat", vec![34.05, f32::NAN, 34.1]),
        Feature::numeric("lon", vec![-118.4, -118.45, 0.0]),
    ]);
    for categoricals in [Categoricals::OneHot, Categoricals::Codes] {
        let (x32, names) = frame.to_array2::<f32>(categoricals);
        let back = FeatureFrame::from_array2(x32.view(), &names).unwrap();
        // NaN != NaN, so compare the bit patterns.
        let bits = |f: &FeatureFrame| -> Vec<Vec<u32>> {
            f.columns
                .iter()
                .map(|c| match &c.values {
                    FeatureValues::Numeric(v) => v.iter().map(|x| x.to_bits()).collect(),
                    FeatureValues::Categorical { .. } => panic!("numeric only"),
                })
                .collect()
        };
        assert_eq!(bits(&back), bits(&frame));
        assert_eq!(back.names(), frame.names());
        let (x64, _) = frame.to_array2::<f64>(categoricals);
        assert_eq!(bits(&FeatureFrame::from_array2(x64.view(), &names).unwrap()), bits(&frame));
    }
}

#[test]
fn an_expanded_frame_comes_back_as_its_one_hot_columns() {
    let (x, names) = small().to_array2::<f32>(Categoricals::OneHot);
    let back = FeatureFrame::from_array2(x.view(), &names).unwrap();
    assert_eq!(back.rows, 3);
    assert_eq!(back.names(), names);
    assert_eq!(back.columns[2].values, FeatureValues::Numeric(vec![1.0, 0.0, 0.0]));
}

#[test]
fn import_refuses_wrong_names_repeated_names_and_infinities() {
    let x: Array2<f64> = array![[1.0, 2.0], [3.0, 4.0]];
    let err = FeatureFrame::from_array2(x.view(), &levels(&["a"])).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::ShapeMismatch { .. }), "{err}");
    assert!(err.to_string().contains("expected 2 names, found 1"), "{err}");

    let err = FeatureFrame::from_array2(x.view(), &levels(&["a", "a"])).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidParam { .. }), "{err}");
    assert!(err.to_string().contains("more than once"), "{err}");

    let x: Array2<f64> = array![[1.0, 2.0], [f64::INFINITY, 4.0]];
    let err = FeatureFrame::from_array2(x.view(), &levels(&["a", "b"])).unwrap_err();
    match err.kind() {
        ErrorKind::InvalidParam { param, .. } => assert_eq!(param, "a (row 1)"),
        other => panic!("{other:?}"),
    }
    // f64 values too large for f32 become infinite, and are refused the same way.
    let x: Array2<f64> = array![[1e300]];
    assert!(FeatureFrame::from_array2(x.view(), &levels(&["big"])).is_err());
}

#[test]
fn labels_become_usize_class_ids() {
    assert_eq!(labels_to_array1(&[2, 0, 1]).to_vec(), [2usize, 0, 1]);
}

/// The sample through the project's own `prepare`: every set converts with the same columns,
/// one-hot rows sum to the number of categorical features present, codes match the frame.
#[test]
fn the_prepared_sample_converts_set_by_set() {
    let p = prepare(sample(), &FeatureConfig::default()).unwrap();
    let hot = p.to_arrays::<f32>(Categoricals::OneHot);
    assert_eq!(hot.columns, p.train.array_column_names(Categoricals::OneHot));
    assert_eq!(hot.columns.len(), p.train.one_hot_width());
    assert_eq!(hot.classes, p.classes);
    for (x, y, frame, labels) in [
        (&hot.x_train, &hot.y_train, &p.train, &p.y_train),
        (&hot.x_valid, &hot.y_valid, &p.valid, &p.y_valid),
        (&hot.x_test, &hot.y_test, &p.test, &p.y_test),
    ] {
        assert_eq!(x.dim(), (frame.rows, frame.one_hot_width()));
        assert_eq!(y.to_vec(), labels.iter().map(|&c| c as usize).collect::<Vec<_>>());
    }
    // Row sums over each categorical block: 1 where the level is known, 0 where missing.
    let mut at = 0;
    for feature in &p.test.columns {
        if let FeatureValues::Categorical { codes, levels } = &feature.values {
            for (row, &code) in codes.iter().enumerate() {
                let sum: f32 = hot.x_test.row(row).slice(ndarray::s![at..at + levels.len()]).sum();
                assert_eq!(sum, if (code as usize) < levels.len() { 1.0 } else { 0.0 }, "{}", feature.name);
            }
        }
        at += feature.width();
    }
    let codes = p.to_arrays::<f64>(Categoricals::Codes);
    assert_eq!(codes.x_train.dim(), (p.train.rows, p.train.n_features()));
    for (j, feature) in p.train.columns.iter().enumerate() {
        for row in (0..p.train.rows).step_by(97) {
            let (a, b) = (codes.x_train[[row, j]], feature.value(row) as f64);
            assert!(a == b || (a.is_nan() && b.is_nan()), "{} row {row}", feature.name);
        }
    }
}
