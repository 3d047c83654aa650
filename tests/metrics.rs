//! Evaluation metrics against independent values: a confusion matrix worked by hand,
//! scikit-learn's outputs on fixed predictions (tests/fixtures/sklearn_metrics.json, written by
//! bench/make_sklearn_metrics_fixture.py), and the majority baseline on the real extract.

use crimelab::core::eval::curves::Ranked;
use crimelab::core::eval::{Calibration, ConfusionMatrix, EvalOptions, Evaluation};
use crimelab::core::frame::FeatureFrame;
use crimelab::core::models::{baseline::MajorityParams, quiet, Learner, Model};
use serde_json::Value;

use crate::support::{part_task, plain_data};

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: {a} vs {b}");
}

#[test]
fn hand_worked_three_classes() {
    // Truth and prediction of 10 rows; the predicted class gets 0.6, the others 0.2.
    let y_true = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
    let y_pred = [0, 0, 1, 2, 1, 1, 0, 2, 2, 1];
    let mut proba = vec![0.2f32; 30];
    for (r, &p) in y_pred.iter().enumerate() {
        proba[r * 3 + p] = 0.6;
    }
    let e = Evaluation::compute(&y_true, &proba, &names(&["a", "b", "c"])).unwrap();
    assert_eq!(e.confusion.counts, vec![vec![2, 1, 1], vec![1, 2, 0], vec![0, 1, 2]]);
    assert_eq!(e.confusion.row_normalized()[0], vec![0.5, 0.25, 0.25]);
    close(e.accuracy, 0.6, 1e-12, "accuracy");
    // a: p 2/3 r 1/2 f1 4/7; b: p 2/4 r 2/3 f1 4/7; c: p 2/3 r 2/3 f1 2/3.
    let f1: Vec<f64> = e.report.iter().map(|r| r.f1).collect();
    for (got, want) in f1.iter().zip([4.0 / 7.0, 4.0 / 7.0, 2.0 / 3.0]) {
        close(*got, want, 1e-12, "f1");
    }
    close(e.macro_precision, 11.0 / 18.0, 1e-12, "macro precision");
    close(e.macro_recall, 11.0 / 18.0, 1e-12, "macro recall");
    close(e.balanced_accuracy, 11.0 / 18.0, 1e-12, "balanced accuracy");
    close(e.macro_f1, 38.0 / 63.0, 1e-12, "macro f1");
    close(e.weighted_f1, 0.6, 1e-12, "weighted f1");
    // The truth has 0.6 on the 6 right rows and 0.2 on the 4 wrong ones.
    let ll = -(6.0 * 0.6f32.ln() as f64 + 4.0 * 0.2f32.ln() as f64) / 10.0;
    close(e.log_loss, ll, 1e-6, "log loss");
    // Top-2: the wrong rows' truth ties at 0.2 with another class; only row 9 (truth c, tied
    // with a, which has the lower id) counts as a hit.
    close(e.top_k_accuracy(2).unwrap(), 0.7, 1e-12, "top-2");
    // Class a against the rest: its two 0.6 positives beat 5 negatives at 0.2 and tie one at
    // 0.6 (5.5 each); its two 0.2 positives tie 5 negatives (2.5 each): 16 / (4 · 6).
    close(e.curves[0].roc_auc.unwrap(), 2.0 / 3.0, 1e-12, "auc of a");
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["macro_f1"].as_f64(), Some(e.macro_f1));
    assert!(json["accuracy"].is_number() && json["train_ms"].is_null());
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect()
}

struct Case {
    classes: Vec<String>,
    y: Vec<u32>,
    proba: Vec<f32>,
    expected: Value,
}

fn case(name: &str) -> Case {
    let text = include_str!("fixtures/sklearn_metrics.json");
    let fixture: Value = serde_json::from_str(text).unwrap();
    assert!(fixture["sklearn_version"].is_string());
    let c = fixture[name].clone();
    Case {
        classes: c["classes"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_owned()).collect(),
        y: c["y_true"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect(),
        proba: c["proba"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|row| floats(row).into_iter().map(|p| p as f32))
            .collect(),
        expected: c,
    }
}

fn check_report(e: &Evaluation, want: &Value) {
    let r = &want["report"];
    for (got, w) in e.report.iter().zip(r["per_class"].as_array().unwrap()) {
        assert_eq!(got.class, w["class"].as_str().unwrap());
        assert_eq!(got.support, w["support"].as_u64().unwrap());
        close(got.precision, w["precision"].as_f64().unwrap(), 1e-12, "precision");
        close(got.recall, w["recall"].as_f64().unwrap(), 1e-12, "recall");
        close(got.f1, w["f1"].as_f64().unwrap(), 1e-12, "f1");
    }
    let m = &r["macro_avg"];
    close(e.macro_precision, m["precision"].as_f64().unwrap(), 1e-12, "macro p");
    close(e.macro_recall, m["recall"].as_f64().unwrap(), 1e-12, "macro r");
    close(e.macro_f1, m["f1"].as_f64().unwrap(), 1e-12, "macro f1");
    let w = &r["weighted_avg"];
    close(e.weighted_precision, w["precision"].as_f64().unwrap(), 1e-12, "weighted p");
    close(e.weighted_recall, w["recall"].as_f64().unwrap(), 1e-12, "weighted r");
    close(e.weighted_f1, w["f1"].as_f64().unwrap(), 1e-12, "weighted f1");
    close(e.accuracy, want["accuracy"].as_f64().unwrap(), 1e-12, "accuracy");
    let balanced = want["balanced_accuracy"].as_f64().unwrap();
    close(e.balanced_accuracy, balanced, 1e-12, "balanced accuracy");
    // scikit-learn computes log-loss in float32 for float32 input.
    close(e.log_loss, want["log_loss"].as_f64().unwrap(), 2e-6, "log loss");
    let confusion: Vec<Vec<u64>> = serde_json::from_value(want["confusion"].clone()).unwrap();
    assert_eq!(e.confusion.counts, confusion);
}

#[test]
fn matches_scikit_learn_multiclass() {
    let c = case("multiclass");
    let e = Evaluation::compute(&c.y, &c.proba, &c.classes).unwrap();
    let want = &c.expected;
    check_report(&e, want);
    // The rare class is never predicted: zero division gives 0.
    assert_eq!(e.report[4].precision, 0.0);
    let auc = floats(&want["roc_auc_per_class"]);
    let ap = floats(&want["average_precision_per_class"]);
    for (i, curves) in e.curves.iter().enumerate() {
        close(curves.roc_auc.unwrap(), auc[i], 1e-12, "class auc");
        close(curves.average_precision.unwrap(), ap[i], 1e-12, "class ap");
    }
    let macro_auc = want["roc_auc_ovr_macro"].as_f64().unwrap();
    close(e.roc_auc.unwrap(), macro_auc, 1e-12, "ovr macro auc");
    let weighted_auc = want["roc_auc_ovr_weighted"].as_f64().unwrap();
    close(e.roc_auc_weighted.unwrap(), weighted_auc, 1e-12, "ovr weighted auc");
    let macro_ap = want["average_precision_macro"].as_f64().unwrap();
    close(e.average_precision.unwrap(), macro_ap, 1e-12, "macro ap");
    for k in [2, 3] {
        let top = want["top_k_accuracy"][k.to_string()].as_f64().unwrap();
        close(e.top_k_accuracy(k).unwrap(), top, 1e-12, "top-k");
    }
}

#[test]
fn matches_scikit_learn_binary_with_ties() {
    let c = case("binary");
    let e = Evaluation::compute(&c.y, &c.proba, &c.classes).unwrap();
    let want = &c.expected;
    check_report(&e, want);
    assert_eq!(e.curves.len(), 1);
    assert_eq!(e.curves[0].class, "Part 1");
    close(e.roc_auc.unwrap(), want["roc_auc"].as_f64().unwrap(), 1e-12, "auc");
    let ap = want["average_precision"].as_f64().unwrap();
    close(e.average_precision.unwrap(), ap, 1e-12, "average precision");
    // Full curves (before downsampling) point by point.
    let pairs: Vec<(f32, bool)> = (0..c.y.len()).map(|r| (c.proba[r * 2 + 1], c.y[r] == 1)).collect();
    let ranked = Ranked::new(&pairs);
    let (fpr, tpr) = ranked.roc_points().unwrap();
    assert_eq!(fpr.len(), floats(&want["roc_fpr"]).len());
    for (a, b) in fpr.iter().zip(floats(&want["roc_fpr"])) {
        close(*a, b, 1e-12, "fpr");
    }
    for (a, b) in tpr.iter().zip(floats(&want["roc_tpr"])) {
        close(*a, b, 1e-12, "tpr");
    }
    let (recall, precision) = ranked.pr_points().unwrap();
    assert_eq!(recall.len(), floats(&want["pr_recall"]).len());
    for (a, b) in recall.iter().zip(floats(&want["pr_recall"])) {
        close(*a, b, 1e-12, "recall");
    }
    for (a, b) in precision.iter().zip(floats(&want["pr_precision"])) {
        close(*a, b, 1e-12, "precision");
    }
    let cal = Calibration::compute(&c.y, &c.proba, 2, 10).unwrap();
    let observed = floats(&want["calibration_observed"]);
    let predicted = floats(&want["calibration_mean_predicted"]);
    assert_eq!(cal.bins.len(), observed.len());
    for (bin, (o, p)) in cal.bins.iter().zip(observed.iter().zip(&predicted)) {
        close(bin.observed, *o, 1e-12, "calibration observed");
        close(bin.mean_predicted, *p, 1e-9, "calibration mean");
    }
}

#[test]
fn charts_stay_small_on_many_rows() {
    // 20,000 rows with distinct scores: every curve is cut to at most 200 points.
    let n = 20_000;
    let y: Vec<u32> = (0..n).map(|i| (i * 7 % 3) as u32).collect();
    let proba: Vec<f32> = (0..n)
        .flat_map(|i| {
            let s = ((i * 7919) % n) as f32 / n as f32;
            [s * 0.5, 0.5 - s * 0.5 + 0.25, 0.2 + 0.2 * (s * 13.0).fract()]
        })
        .collect();
    let options = EvalOptions::default();
    let e = Evaluation::compute_with(&y, &proba, &names(&["a", "b", "c"]), &options).unwrap();
    for c in &e.curves {
        assert!(c.roc.x.len() <= 200 && c.pr.x.len() <= 200);
        assert!(c.roc.x.len() > 2, "{}", c.roc.x.len());
        assert_eq!((c.roc.x[0], c.roc.y[0]), (0.0, 0.0));
        assert_eq!((*c.roc.x.last().unwrap(), *c.roc.y.last().unwrap()), (1.0, 1.0));
    }
}

#[test]
fn majority_baseline_on_the_real_extract() {
    let (x, labels) = part_task();
    let counts = labels.counts();
    let n = labels.y.len() as f64;
    let data = plain_data(&x, &labels.y, 2, 1);
    let model = MajorityParams {}.fit(&data, &mut quiet()).unwrap();
    let e = Evaluation::of_model(&model, &x, &labels).unwrap();
    // The majority class m is always predicted: precision = its share s, recall 1,
    // F1 = 2s / (1 + s); the other class scores 0. Probabilities are the shares themselves.
    let m = if counts[0] >= counts[1] { 0 } else { 1 };
    let s = counts[m] as f64 / n;
    close(e.accuracy, s, 1e-12, "accuracy");
    close(e.macro_f1, (2.0 * s / (1.0 + s)) / 2.0, 1e-12, "macro f1");
    close(e.balanced_accuracy, 0.5, 1e-12, "balanced accuracy");
    let entropy = -(s * s.ln() + (1.0 - s) * (1.0 - s).ln());
    close(e.log_loss, entropy, 1e-6, "log loss");
    assert_eq!(e.roc_auc, Some(0.5));
    let confusion =
        ConfusionMatrix::from_predictions(&labels.y, &model.predict(&x).unwrap(), &labels.classes).unwrap();
    assert_eq!(confusion, e.confusion);
    let _ = FeatureFrame::default();
}
