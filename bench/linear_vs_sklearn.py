"""Logistic regression: Crime Lab against scikit-learn on the same features and split.

Usage (sklearn in a throwaway venv):
    python3 -m venv .venv && .venv/bin/pip install scikit-learn pandas
    .venv/bin/python bench/linear_vs_sklearn.py FILE.csv [--target crime|part12]

Runs `cargo run --release --example linear_bench` which builds the simple feature set, splits
by time (earliest 80 % of DATE OCC trains), trains our logistic regression and exports the
matrix; then builds the identical design matrix in Python (numeric standardised with training
mean / population std, missing -> 0 plus a missing indicator for columns with missing training
values; categorical one-hot as a sparse matrix, missing -> all zeros) and fits
`LogisticRegression(C=1, solver="lbfgs", max_iter=100, tol=1e-4)`. Prints both scores, the
difference in macro-F1 and the ratio of fit times.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score


def main():
    path = sys.argv[1]
    target = sys.argv[sys.argv.index("--target") + 1] if "--target" in sys.argv else "crime"
    export = "target/bench/linear_bench_export.csv"
    os.makedirs("target/bench", exist_ok=True)
    out = subprocess.run(
        ["cargo", "run", "--release", "--quiet", "--example", "linear_bench", "--", path,
         "--target", target, "--models", "logreg", "--export", export],
        check=True, capture_output=True, text=True)
    sys.stderr.write(out.stderr)
    ours = json.loads(out.stdout.strip().splitlines()[-1])

    df = pd.read_csv(export)
    train = df["train"].to_numpy() == 1
    y = df["y"].to_numpy()
    blocks = []
    for name in df.columns:
        if name.startswith("num:"):
            v = df[name].to_numpy(dtype=np.float64)
            tr = v[train]
            mean, std = np.nanmean(tr), np.nanstd(tr)
            std = std if std > 1e-12 else 1.0
            blocks.append(sp.csr_matrix(np.where(np.isnan(v), 0.0, (v - mean) / std)[:, None]))
            if np.isnan(tr).any():
                blocks.append(sp.csr_matrix(np.isnan(v).astype(np.float64)[:, None]))
        elif name.startswith("cat:"):
            codes = df[name].to_numpy(dtype=np.float64)
            present = ~np.isnan(codes)
            levels = int(np.nanmax(codes)) + 1
            rows = np.nonzero(present)[0]
            m = sp.csr_matrix((np.ones(len(rows)), (rows, codes[present].astype(int))),
                              shape=(len(codes), levels))
            blocks.append(m)
    X = sp.hstack(blocks).tocsr()
    t = time.perf_counter()
    clf = LogisticRegression(C=1.0, solver="lbfgs", max_iter=100, tol=1e-4)
    clf.fit(X[train], y[train])
    fit_s = time.perf_counter() - t
    pred = clf.predict(X[~train])
    f1 = f1_score(y[~train], pred, average="macro")
    acc = accuracy_score(y[~train], pred)
    print(json.dumps({
        "target": target, "train_rows": int(train.sum()), "test_rows": int((~train).sum()),
        "design_width": X.shape[1],
        "sklearn": {"version": sklearn.__version__, "fit_seconds": fit_s, "iterations": int(clf.n_iter_[0]),
                    "accuracy": acc, "macro_f1": f1},
        "crimelab": ours,
        "macro_f1_difference": ours["macro_f1"] - f1,
        "fit_time_ratio_sklearn_over_crimelab": fit_s / ours["fit_seconds"],
    }, indent=2))


if __name__ == "__main__":
    main()
