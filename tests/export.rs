//! Run cards and model export: the dataset fingerprint, and a JSON round trip of exported
//! models that must predict identically, with clear errors for wrong files.

use crimelab::core::data::{load_bytes, parse_split, Dataset, ParsePlan, Part, HEAD_BYTES};
use crimelab::core::eval::run_card::created_by;
use crimelab::core::eval::{fingerprint, model_size_bytes, ExportedModel};
use crimelab::core::models::Model;

use crate::support::{quick_runs, sample, sample_bytes, sample_text};

fn parse_in_parts(bytes: &[u8], parts: usize) -> Dataset {
    let plan = ParsePlan::from_head(&bytes[..bytes.len().min(HEAD_BYTES)], false).unwrap();
    parse_split(&plan, &Part::split(bytes.len() as u64, parts), |at| Ok(&bytes[at as usize..])).unwrap()
}

#[test]
fn fingerprint_identifies_the_data_not_the_parse() {
    let whole = fingerprint(sample());
    // This test is about parsing, so it loads the bytes itself: whole, then in three parts
    // (dictionaries merged differently); the fingerprint is the same.
    assert_eq!(whole, fingerprint(&load_bytes(sample_bytes(), "sample.csv").unwrap().dataset));
    assert_eq!(whole, fingerprint(&parse_in_parts(sample_bytes(), 3)));
    // One victim age changed on one row in the middle of the file changes it.
    let text = sample_text();
    let line_start = text.match_indices('\n').nth(6000).unwrap().0 + 1;
    let line_end = line_start + text[line_start..].find('\n').unwrap();
    let line = &text[line_start..line_end];
    let fields: Vec<&str> = line.split(',').collect();
    assert!(fields.len() > 20, "{line}");
    let age_field = 19; // DR_NO, Date Rptd, DATE OCC ×2, 7 derived, TIME OCC … Vict Age
    let age: i32 = fields[age_field].parse().unwrap();
    let mut changed_fields = fields.clone();
    let new_age = (age + 1).to_string();
    changed_fields[age_field] = &new_age;
    let changed = format!("{}{}{}", &text[..line_start], changed_fields.join(","), &text[line_end..]);
    let other = load_bytes(changed.as_bytes(), "changed.csv").unwrap().dataset;
    assert_eq!(other.rows(), sample().rows());
    assert_ne!(whole, fingerprint(&other));
}

/// Every model kind (and the binary forms) survives export: the file reads back into the same
/// card, pipeline and model, which predicts bit for bit the same probabilities.
#[test]
fn exported_models_round_trip_and_predict_identically() {
    for (label, output) in quick_runs() {
        let original = output.export();
        let text = original.to_json().unwrap();
        let loaded = ExportedModel::from_json(&text).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(loaded.card, original.card);
        assert_eq!(loaded.model.kind(), output.model.kind());
        assert_eq!(loaded.pipeline, original.pipeline);
        let x = &output.prepared.test;
        let (a, b) = (output.model.predict_proba(x).unwrap(), loaded.model.predict_proba(x).unwrap());
        assert_eq!(a.len(), x.rows * output.prepared.classes.len());
        assert!(a.iter().zip(&b).all(|(p, q)| p.to_bits() == q.to_bits()), "{label}");
        assert_eq!(loaded.card.created_by, created_by());
        assert!(loaded.card.dataset.fingerprint.starts_with("v1:"));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["format"], "crimelab-model");
        assert!(json["card"]["metrics"]["macro_f1"].is_number());
        assert_eq!(model_size_bytes(&loaded.model), serde_json::to_vec(&loaded.model).unwrap().len() as u64);
    }
}

#[test]
fn wrong_files_get_clear_errors() {
    let original = quick_runs()[0].1.export();
    let mut json: serde_json::Value = serde_json::from_str(&original.to_json().unwrap()).unwrap();
    let message = |v: &serde_json::Value| {
        let err = ExportedModel::from_json(&v.to_string()).unwrap_err();
        assert!(matches!(err.kind(), crimelab::core::ErrorKind::InvalidModel { .. }), "{err:?}");
        err.to_string()
    };

    let mut newer = json.clone();
    newer["format_version"] = 2.into();
    let err = message(&newer);
    assert!(err.contains("format version 2") && err.contains("newer"), "{err}");

    let mut other = json.clone();
    other["format"] = "something-else".into();
    assert!(message(&other).contains("not a Crime Lab model file"));

    let mut mismatched = json.clone();
    mismatched["card"]["classes"] = serde_json::json!(["only one"]);
    assert!(message(&mismatched).contains("classes"), "{}", message(&mismatched));

    let mut extra = json.clone();
    extra["card"]["surprise"] = true.into();
    let err = message(&extra);
    assert!(err.contains("unknown field `surprise`"), "{err}");

    json["model"] = serde_json::json!({ "model": "majority" });
    let err = message(&json);
    assert!(err.contains("damaged or incomplete"), "{err}");
    assert!(ExportedModel::from_json("not json").unwrap_err().to_string().contains("not valid JSON"));
}
