#!/usr/bin/env python3
"""Writes tests/fixtures/sklearn_metrics.json: scikit-learn's metrics on fixed predictions.

The Rust metrics (src/core/eval/) are checked against these values in tests/metrics.rs.
Run once, in a throwaway virtual environment (never part of the product):

    python3 -m venv .venv && .venv/bin/pip install scikit-learn numpy
    .venv/bin/python bench/make_sklearn_metrics_fixture.py tests/fixtures/sklearn_metrics.json

Probabilities are float32 (what Model::predict_proba returns) and quantised to steps of 1/50
so that scores tie; the JSON holds the exact float32 values, so both sides see the same input.
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    classification_report,
    confusion_matrix,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
    top_k_accuracy_score,
)
from sklearn.preprocessing import label_binarize


def quantised_rows(logits, rng):
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    q = np.round(p * 50) / 50
    # Make each row sum to one by fixing its largest entry.
    for row in q:
        j = int(np.argmax(row))
        row[j] = 0.0
        row[j] = 1.0 - row.sum()
    return q.astype(np.float32)


def report(y, pred, k, names):
    d = classification_report(
        y, pred, labels=list(range(k)), target_names=names, output_dict=True, zero_division=0
    )
    return {
        "per_class": [
            {
                "class": n,
                "precision": d[n]["precision"],
                "recall": d[n]["recall"],
                "f1": d[n]["f1-score"],
                "support": int(d[n]["support"]),
            }
            for n in names
        ],
        "macro_avg": {m: d["macro avg"][s] for m, s in
                      [("precision", "precision"), ("recall", "recall"), ("f1", "f1-score")]},
        "weighted_avg": {m: d["weighted avg"][s] for m, s in
                         [("precision", "precision"), ("recall", "recall"), ("f1", "f1-score")]},
    }


def multiclass(rng):
    names = ["ASSAULT", "BURGLARY", "THEFT", "VEHICLE", "RARE"]
    k, n = len(names), 400
    y = rng.choice(k, size=n, p=[0.35, 0.2, 0.25, 0.15, 0.05])
    logits = rng.normal(0, 1.0, size=(n, k))
    logits[np.arange(n), y] += 1.2
    logits[:, 4] -= 3.0  # the rare class is (almost) never predicted: zero division
    proba = quantised_rows(logits, rng)
    # A row whose true class gets probability 0 (log-loss clipping).
    proba[0] = 0.0
    proba[0][(y[0] + 1) % k] = 1.0
    pred = proba.argmax(axis=1)
    onehot = label_binarize(y, classes=list(range(k)))
    return {
        "classes": names,
        "y_true": y.tolist(),
        "proba": [[float(v) for v in row] for row in proba],
        "accuracy": accuracy_score(y, pred),
        "balanced_accuracy": balanced_accuracy_score(y, pred),
        "log_loss": float(log_loss(y, proba, labels=list(range(k)))),
        "report": report(y, pred, k, names),
        "confusion": confusion_matrix(y, pred, labels=list(range(k))).tolist(),
        "roc_auc_ovr_macro": roc_auc_score(y, proba.astype(np.float64), multi_class="ovr",
                                           average="macro", labels=list(range(k))),
        "roc_auc_ovr_weighted": roc_auc_score(y, proba.astype(np.float64), multi_class="ovr",
                                              average="weighted", labels=list(range(k))),
        "roc_auc_per_class": [roc_auc_score(onehot[:, c], proba[:, c]) for c in range(k)],
        "average_precision_per_class": [
            average_precision_score(onehot[:, c], proba[:, c]) for c in range(k)
        ],
        "average_precision_macro": average_precision_score(onehot, proba, average="macro"),
        "top_k_accuracy": {
            str(t): top_k_accuracy_score(y, proba, k=t, labels=list(range(k))) for t in (2, 3)
        },
    }


def binary(rng):
    names = ["Part 2", "Part 1"]
    n = 300
    signal = rng.normal(0, 1, size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-2 * signal))).astype(int)
    p1 = np.round(1 / (1 + np.exp(-1.5 * signal)) * 50) / 50
    proba = np.stack([1 - p1, p1], axis=1).astype(np.float32)
    pred = proba.argmax(axis=1)
    fpr, tpr, _ = roc_curve(y, proba[:, 1], drop_intermediate=False)
    precision, recall, _ = precision_recall_curve(y, proba[:, 1])
    prob_true, prob_pred = calibration_curve(y, proba[:, 1].astype(np.float64), n_bins=10)
    return {
        "classes": names,
        "y_true": y.tolist(),
        "proba": [[float(v) for v in row] for row in proba],
        "accuracy": accuracy_score(y, pred),
        "balanced_accuracy": balanced_accuracy_score(y, pred),
        "log_loss": float(log_loss(y, proba)),
        "report": report(y, pred, 2, names),
        "confusion": confusion_matrix(y, pred).tolist(),
        "roc_auc": roc_auc_score(y, proba[:, 1]),
        "average_precision": average_precision_score(y, proba[:, 1]),
        # Highest threshold first, as crimelab lists them.
        "roc_fpr": fpr.tolist(),
        "roc_tpr": tpr.tolist(),
        "pr_recall": recall[::-1].tolist(),
        "pr_precision": precision[::-1].tolist(),
        "calibration_observed": prob_true.tolist(),
        "calibration_mean_predicted": prob_pred.tolist(),
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/sklearn_metrics.json"
    rng = np.random.default_rng(20240601)
    fixture = {
        "generated_by": "bench/make_sklearn_metrics_fixture.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "multiclass": multiclass(rng),
        "binary": binary(rng),
    }
    with open(out, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {out} (scikit-learn {sklearn.__version__})")


if __name__ == "__main__":
    main()
