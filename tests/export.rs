//! Run cards and model export: the dataset fingerprint, and a JSON round trip of exported
//! models that must predict identically, with clear errors for wrong files.

use crimelab::core::data::{load_bytes, parse_part, Dataset, ParsePlan, Part, HEAD_BYTES};
use crimelab::core::eval::run_card::created_by;
use crimelab::core::eval::{fingerprint, model_size_bytes, DatasetInfo, Evaluation, ExportedModel, RunCard};
use crimelab::core::models::{quiet, AnyModel, Model, ModelKind, TrainData};

use crate::support::{part_task, sample};

const SAMPLE: &[u8] = include_bytes!("../static/data/sample.csv");

fn parse_in_parts(bytes: &[u8], parts: usize) -> Dataset {
    let plan = ParsePlan::from_head(&bytes[..bytes.len().min(HEAD_BYTES)], false).unwrap();
    let parsed = Part::split(bytes.len() as u64, parts)
        .into_iter()
        .map(|p| parse_part(&bytes[p.read_from() as usize..], &plan, p, &mut |_| true).unwrap())
        .collect();
    Dataset::concat(parsed)
}

#[test]
fn fingerprint_identifies_the_data_not_the_parse() {
    let whole = fingerprint(sample());
    assert_eq!(whole, fingerprint(&load_bytes(SAMPLE, "sample.csv").unwrap().dataset));
    // Parsed in three parts (dictionaries merged differently), the fingerprint is the same.
    assert_eq!(whole, fingerprint(&parse_in_parts(SAMPLE, 3)));
    // One victim age changed on one row in the middle of the file changes it.
    let text = std::str::from_utf8(SAMPLE).unwrap();
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

fn exported(kind: ModelKind) -> (ExportedModel, crimelab::core::frame::FeatureFrame) {
    let (x, labels) = part_task();
    let params = kind.default_params();
    let data = TrainData { x: &x, y: &labels.y, n_classes: 2, weights: None, valid: None, seed: 11 };
    let model: AnyModel = params.fit(&data, &mut quiet()).unwrap();
    let mut eval = Evaluation::compute(&labels.y, &model.predict_proba(&x), &labels.classes).unwrap();
    eval.model_size_bytes = Some(model_size_bytes(&model));
    eval.train_ms = Some(1.5);
    let mut card = RunCard::new(
        11,
        DatasetInfo::of(sample(), Some("sample.csv")),
        "part-1-2",
        "1",
        labels.classes.clone(),
        x.names(),
        params,
    );
    card.metrics = Some(eval);
    let pipeline = serde_json::json!({ "placeholder": true });
    (ExportedModel::new(card, model, pipeline), x)
}

#[test]
fn exported_models_round_trip_and_predict_identically() {
    for kind in [ModelKind::Majority, ModelKind::Stratified] {
        let (original, x) = exported(kind);
        let text = original.to_json().unwrap();
        let loaded = ExportedModel::from_json(&text).unwrap();
        assert_eq!(loaded.card, original.card);
        assert_eq!(loaded.model.kind(), kind);
        assert_eq!(loaded.pipeline, original.pipeline);
        let (a, b) = (original.model.predict_proba(&x), loaded.model.predict_proba(&x));
        assert_eq!(a.len(), x.rows * 2);
        assert!(a.iter().zip(&b).all(|(p, q)| p.to_bits() == q.to_bits()));
        assert_eq!(loaded.card.created_by, created_by());
        assert!(loaded.card.dataset.fingerprint.starts_with("v1:"));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["format"], "crimelab-model");
        assert!(json["card"]["metrics"]["macro_f1"].is_number());
    }
}

#[test]
fn wrong_files_get_clear_errors() {
    let (original, _) = exported(ModelKind::Majority);
    let mut json: serde_json::Value = serde_json::from_str(&original.to_json().unwrap()).unwrap();
    let message = |v: &serde_json::Value| ExportedModel::from_json(&v.to_string()).unwrap_err().to_string();

    let mut newer = json.clone();
    newer["format_version"] = 2.into();
    let err = message(&newer);
    assert!(err.contains("format version 2") && err.contains("newer"), "{err}");

    let mut other = json.clone();
    other["format"] = "something-else".into();
    assert!(message(&other).contains("not a Crime Lab model file"));

    let mut mismatched = json.clone();
    mismatched["card"]["classes"] = serde_json::json!(["only one"]);
    assert!(message(&mismatched).contains("inconsistent"));

    json["model"] = serde_json::json!({ "model": "majority" });
    assert!(message(&json).contains("damaged or incomplete"));
    assert!(ExportedModel::from_json("not json").is_err());
}
