#!/usr/bin/env python3
"""GBDT against scikit-learn's HistGradientBoosting on the same rows, per question, in one run.

For each setup below and three time splits (the latest 20 %, 30 % or 40 % of rows test, the
10 % before them validate), runs `cargo run --release --example question_bench`, which
prepares the matrix exactly as `crimelab train` does and trains our GBDT three ways: early
stopping on the validation rows, then refitted on training + validation rows with the round
count early stopping chose (the default); early stopping alone; and 100 rounds on training +
validation rows (like scikit-learn "matched"); it writes the matrix. Then scikit-learn's
HistGradientBoostingClassifier trains on the same training + validation rows (what our refit
sees) and is scored on the same test rows:
  * "matched": 100 rounds, learning rate 0.1, 31 leaves, 255 bins, L2 1, native categorical
    splits, no early stopping;
  * "default": scikit-learn's defaults (early_stopping="auto": on above 10,000 rows, with 10 %
    of the given rows held out at random), categorical features declared.
Categorical columns with more levels than HistGradientBoosting accepts as categories (255) are
given to it as numeric codes (noted in the output).

usage: python3 bench/question_vs_sklearn.py [FILE] [--python PY]
    FILE defaults to static/data/sample.csv. It needs numpy and scikit-learn: create a venv
    (python3 -m venv .venv && .venv/bin/pip install numpy scikit-learn) and run the
    script with that venv's python, or pass --python.
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))

FOURTEEN = ["hour", "weekday", "month", "year", "day_of_year", "holiday", "lat", "lon", "area",
            "premise", "weapon", "victim_age", "victim_sex", "victim_descent"]
FITS = {"refit": "Crime Lab GBDT: early stopping, then refit on train + valid (default)",
        "early-stopping": "Crime Lab GBDT: early stopping only",
        "all-rounds": "Crime Lab GBDT matched: 100 rounds on train + valid"}
# Latest share of rows tested (the 10 % before them validate): three origins of the time split.
TEST_FRACTIONS = [0.2, 0.3, 0.4]
SETUPS = [
    ("Part 1-2, classify a filed report", {"target": "part-1-2"}),
    ("Part 1-2, forecast from when and where", {"target": "part-1-2", "question": "when-where"}),
    ("Part 1-2, the 14 columns without MO codes", {"target": "part-1-2", "features": FOURTEEN}),
    ("crime group, classify a filed report", {}),
    ("crime group, forecast from when and where", {"question": "when-where"}),
]


def macro_f1(pred, y, k):
    import numpy as np
    f1 = []
    for c in range(k):
        tp = np.sum((pred == c) & (y == c))
        fp = np.sum((pred == c) & (y != c))
        fn = np.sum((pred != c) & (y == c))
        d = 2 * tp + fp + fn
        f1.append(2 * tp / d if d else 0.0)
    return float(np.mean(f1))


def sklearn_runs(d):
    import numpy as np
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier
    meta = json.load(open(os.path.join(d, "meta.json")))
    rows, names = meta["rows"], meta["names"]
    x = np.fromfile(os.path.join(d, "X.f32"), dtype="<f4").reshape(len(names), rows).T.astype(np.float64)
    y = np.fromfile(os.path.join(d, "y.u32"), dtype="<u4").astype(np.int64)
    fit_rows = meta["n_train"] + meta["n_valid"]
    k = meta["n_classes"]
    cat = np.array(meta["categorical"])
    wide = [n for n, c, col in zip(names, cat, x.T) if c and np.nanmax(col) >= 255]
    cat = cat & ~np.isin(names, wide)
    xf, yf, xt, yt = x[:fit_rows], y[:fit_rows], x[fit_rows:], y[fit_rows:]
    out = []
    for name, kw in [("matched", dict(max_iter=100, learning_rate=0.1, max_leaf_nodes=31, max_bins=255,
                                      l2_regularization=1.0, early_stopping=False)),
                     ("default", dict())]:
        m = HistGradientBoostingClassifier(categorical_features=cat, random_state=0, **kw)
        t = time.process_time()
        m.fit(xf, yf)
        label = {"matched": "matched: 100 rounds", "default": "defaults (early stopping auto)"}[name]
        out.append((f"scikit-learn {sklearn.__version__} HGB {label}", time.process_time() - t,
                    macro_f1(m.predict(xt), yt, k), m.n_iter_))
    return out, wide


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=os.path.join(ROOT, "static/data/sample.csv"))
    ap.add_argument("--python", help="a python with numpy and scikit-learn (default: this one)")
    args = ap.parse_args()
    if args.python:
        return subprocess.call([args.python, __file__, args.file])
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "question_bench"], cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "examples", "question_bench")
    table = []
    for title, config in SETUPS:
        for test in TEST_FRACTIONS:
            split = {"kind": "time", "test_fraction": test, "valid_fraction": 0.1}
            d = os.path.join(ROOT, "target", "bench", "question", f"{len(table)}")
            out = subprocess.run([exe, args.file, "--config", json.dumps(dict(config, split=split)), "--out", d],
                                 check=True, capture_output=True, text=True)
            for line in out.stdout.splitlines():
                r = json.loads(line)
                table.append((title, test, FITS[r["fit"]], r["fit_s"], r["macro_f1"], r["rounds"]))
            sk, wide = sklearn_runs(d)
            for name, sec, f1, rounds in sk:
                table.append((title, test, name + (f" ({', '.join(wide)} as codes)" if wide else ""), sec, f1, rounds))
    print("| setup | test share | model | fit CPU s | rounds | macro-F1 |\n|---|---|---|---|---|---|")
    for title, test, name, sec, f1, rounds in table:
        print(f"| {title} | {test:.0%} | {name} | {sec:.2f} | {rounds} | {f1:.4f} |")
    print("\nMean macro-F1 over every setup and split:")
    models = sorted({name for _, _, name, _, _, _ in table}, key=lambda n: [r[2] for r in table].index(n))
    for name in models:
        f1s = [r[4] for r in table if r[2] == name]
        print(f"  {name:70} {sum(f1s) / len(f1s):.4f} ({len(f1s)} runs)")
    pairs = {}
    for title, test, name, _, f1, _ in table:
        pairs.setdefault((title, test), {})[name] = f1
    refit, stop = FITS["refit"], FITS["early-stopping"]
    gains = [p[refit] - p[stop] for p in pairs.values()]
    print(f"\nRefit minus early stopping only: better in {sum(g > 0 for g in gains)} of {len(gains)}, "
          f"mean {sum(gains) / len(gains):+.4f}")

if __name__ == "__main__":
    sys.exit(main())
