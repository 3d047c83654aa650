//! Using a saved model on new data: `core::apply` on the rows a run held out gives the run's own
//! metrics, bit for bit; `crimelab predict` applies an exported file to a CSV, with metrics only
//! where the file has the target, and refuses a damaged model with a clear message.

use std::path::PathBuf;
use std::process::Command;

use crimelab::core::apply::{apply, apply_rows};
use crimelab::core::eval::{ExportedModel, UNKNOWN_CLASS};

use crate::support::{quick_dataset, quick_runs, sample_csv, sample_path, SampleCsv, TempDir};

#[test]
fn a_saved_model_on_its_test_rows_scores_what_its_run_scored() {
    for (label, output) in quick_runs() {
        let exported = ExportedModel::from_json(&output.export().to_json().unwrap()).unwrap();
        let applied = apply_rows(&exported, quick_dataset(), &output.prepared.test_rows).unwrap();
        let s = &applied.summary;
        assert_eq!(s.rows, output.prepared.test_rows.len(), "{label}");
        assert_eq!(s.labelled_rows, s.rows, "{label}: every test row has a class");
        let mut expected = output.result.evaluation.clone();
        (expected.train_ms, expected.model_size_bytes) = (None, None);
        assert_eq!(s.evaluation.as_ref(), Some(&expected), "{label}");
        assert_eq!(s.accuracy, Some(output.result.accuracy), "{label}");
        assert_eq!(s.macro_f1, Some(output.result.macro_f1), "{label}");
        assert_eq!(applied.predictions.actual, output.prepared.y_test, "{label}");
        let same =
            applied.predictions.proba.iter().zip(&output.test_proba).all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same && applied.predictions.proba.len() == output.test_proba.len(), "{label}");
    }
}

#[test]
fn a_saved_model_predicts_every_row_and_scores_the_labelled_ones() {
    let (_, output) = &quick_runs()[3]; // gbdt on crime group
    let ds = quick_dataset();
    let applied = apply(&output.export(), ds).unwrap();
    let s = &applied.summary;
    assert_eq!((s.model.as_str(), s.rows), ("gbdt", ds.rows()));
    let known = applied.predictions.actual.iter().filter(|&&c| c != UNKNOWN_CLASS).count();
    assert_eq!(s.labelled_rows, known);
    assert!(known > ds.rows() / 2, "{known}");
    let eval = s.evaluation.as_ref().unwrap();
    assert_eq!(eval.rows, known);
    assert!((applied.predictions.accuracy() - eval.accuracy).abs() < 1e-12);
    assert!(s.unscored.is_none());
    // What the page's result card shows: the scored rows and their metrics, marked as applied.
    let scored = applied.labelled_predictions().unwrap();
    assert_eq!((scored.len(), scored.labelled()), (known, known));
    assert!((scored.accuracy() - eval.accuracy).abs() < 1e-12);
    let result = applied.run_result(&output.export(), "head.csv").unwrap();
    assert_eq!((result.accuracy, result.macro_f1, result.test_rows), (eval.accuracy, eval.macro_f1, known));
    assert_eq!(result.applied_to.as_deref(), Some("head.csv"));
    // It answers the question it was trained for.
    assert_eq!(result.features.question, output.result.features.question);
    assert_eq!(result.features.question_label, "Classify a filed report");
    assert_eq!(result.card, output.result.card);
    assert!(result.notes[0].contains("applied to head.csv"), "{:?}", result.notes);
    assert_eq!(result.importance.len(), output.result.importance.len());
}

fn crimelab(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_crimelab")).args(args).output().unwrap()
}

fn json_of(out: &std::process::Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `DR_NO` → (actual, predicted, probabilities) of a predictions CSV.
fn read_predictions(path: &PathBuf) -> std::collections::HashMap<String, Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[0].to_owned(), r.iter().skip(1).map(str::to_owned).collect()))
        .collect()
}

#[test]
fn cli_predict_applies_an_exported_model_to_a_file() {
    let dir = TempDir::new("apply");
    let temp = |name: &str| dir.join(name);
    let model = temp("model.json");
    let train_csv = temp("train.csv");
    let all_csv = temp("all.csv");
    let (model_s, train_s, all_s) =
        (model.to_str().unwrap(), train_csv.to_str().unwrap(), all_csv.to_str().unwrap());
    let args = ["train", sample_path(), "--model", "naive-bayes", "--target", "part-1-2", "--json"];
    let trained =
        json_of(&crimelab(&[&args[..], &["--export-model", model_s, "--predictions", train_s]].concat()));
    let predicted =
        json_of(&crimelab(&["predict", model_s, sample_path(), "--predictions", all_s, "--json"]));
    assert_eq!(predicted["rows"], 12_954);
    assert_eq!(predicted["model"], "naive-bayes");
    assert!(predicted["accuracy"].as_f64().unwrap() > 0.5);
    assert!(predicted["macro_f1"].is_number());
    // Every test row of the run: the same prediction and probabilities, so the same metrics.
    let (test, all) = (read_predictions(&train_csv), read_predictions(&all_csv));
    assert_eq!(test.len() as u64, trained["test_rows"].as_u64().unwrap());
    let hits = test.values().filter(|row| row[0] == row[1]).count();
    for (dr_no, row) in &test {
        assert_eq!(all.get(dr_no), Some(row), "DR_NO {dr_no}");
    }
    let accuracy = hits as f64 / test.len() as f64;
    assert!((accuracy - trained["accuracy"].as_f64().unwrap()).abs() < 1e-12);

    // Without the target column: predictions only.
    let SampleCsv { header, rows } = sample_csv();
    let drop = header.iter().position(|h| h == "Part 1-2").unwrap();
    let unlabelled = temp("unlabelled.csv");
    let mut writer = csv::Writer::from_path(&unlabelled).unwrap();
    let keep = |r: &csv::StringRecord| -> Vec<String> {
        r.iter().enumerate().filter(|(i, _)| *i != drop).map(|(_, v)| v.to_owned()).collect()
    };
    writer.write_record(keep(header)).unwrap();
    for r in rows {
        writer.write_record(keep(r)).unwrap();
    }
    writer.flush().unwrap();
    let out_csv = temp("unlabelled-predictions.csv");
    let plain = json_of(&crimelab(&[
        "predict",
        model_s,
        unlabelled.to_str().unwrap(),
        "--predictions",
        out_csv.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(plain["rows"], 12_954);
    assert!(plain.get("accuracy").is_none() && plain.get("macro_f1").is_none(), "{plain}");
    assert!(plain["unscored"].as_str().unwrap().contains("Part 1-2"), "{plain}");
    let rows = read_predictions(&out_csv);
    assert_eq!(rows.len(), 12_954);
    assert!(rows.values().all(|r| r[0].is_empty() && !r[1].is_empty()));

    // A damaged model: a clear message and a failing exit code.
    let text = std::fs::read_to_string(&model).unwrap();
    let damaged = temp("damaged.json");
    std::fs::write(&damaged, text.replacen("\"log_prior\":[", "\"log_prior\":[-0.5,", 1)).unwrap();
    let out = crimelab(&["predict", damaged.to_str().unwrap(), sample_path(), "--json"]);
    assert!(!out.status.success() && out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("This model file cannot be used: model (naive-bayes), feature 0"), "{err}");
}

#[test]
fn cli_help_lists_predict() {
    let out = crimelab(&["--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("  predict ") && text.contains("crimelab predict model.json"), "{text}");
    let out = crimelab(&["predict", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("<MODEL.json> <FILE>") && text.contains("--predictions <OUT.csv>"), "{text}");
    // The model file and the data file are both needed.
    let out = crimelab(&["predict", sample_path()]);
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("<FILE>"));
}
