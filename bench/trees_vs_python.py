#!/usr/bin/env python3
"""Tree models: Crime Lab vs XGBoost, LightGBM and scikit-learn, single-threaded, same data.

1. Runs `cargo run --release --example trees_bench -- FILE --out DIR ...`, which builds the
   features (examples/common/crime_features.rs), splits by time (earliest 80% train), trains
   our GBDT (and random forest) and writes the exact matrix it used to DIR.
2. Trains XGBoost `hist` (nthread=1), LightGBM (num_threads=1) and scikit-learn's
   HistGradientBoostingClassifier on that matrix, with matching settings: 100 rounds,
   learning rate 0.1, leaf-wise trees of at most 31 leaves, 255 bins, native categorical
   splits, no early stopping. Optionally (--rf) scikit-learn's RandomForestClassifier
   (50 trees, n_jobs=1) beside our forest.
3. Prints fit time (wall and CPU: the machine may be shared), macro-F1 on the test rows, and
   each library's time relative to ours.

Set up the throwaway environment first:
    python3 -m venv .venv && .venv/bin/pip install numpy scikit-learn xgboost lightgbm
    .venv/bin/python bench/trees_vs_python.py target/bench/full.csv
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np


def load_matrix(d):
    meta = json.load(open(os.path.join(d, "meta.json")))
    rows, names = meta["rows"], meta["names"]
    x = np.fromfile(os.path.join(d, "X.f32"), dtype="<f4").reshape(len(names), rows).T.copy()
    y = np.fromfile(os.path.join(d, "y.u32"), dtype="<u4").astype(np.int64)
    return meta, x, y


def macro_f1(pred, y, k):
    f1 = []
    for c in range(k):
        tp = np.sum((pred == c) & (y == c))
        fp = np.sum((pred == c) & (y != c))
        fn = np.sum((pred != c) & (y == c))
        d = 2 * tp + fp + fn
        f1.append(2 * tp / d if d else 0.0)
    return float(np.mean(f1))


def timed(fit):
    w, c = time.perf_counter(), time.process_time()
    model = fit()
    return model, time.perf_counter() - w, time.process_time() - c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--dir", default="target/bench/trees_matrix")
    ap.add_argument("--rounds", type=int, default=100)
    ap.add_argument("--trees", type=int, default=50)
    ap.add_argument("--rf", action="store_true",
                    help="also time random forests (ours and scikit-learn's)")
    ap.add_argument("--libs", default="xgboost,lightgbm,sklearn",
                    help="comma list of xgboost, lightgbm, sklearn (HistGradientBoosting)")
    ap.add_argument("--skip-crimelab", action="store_true")
    ap.add_argument("--threads", type=int, default=1,
                    help="threads for ours, XGBoost and LightGBM (compare wall times when > 1)")
    ap.add_argument("--binary", action="store_true",
                    help="most common crime code against the rest (logistic loss)")
    args = ap.parse_args()

    results = []
    if not args.skip_crimelab:
        models = "gbdt,forest" if args.rf else "gbdt"
        cmd = ["cargo", "run", "--release", "--example", "trees_bench", "--", args.csv,
               "--out", args.dir, "--rounds", str(args.rounds), "--trees", str(args.trees),
               "--models", models, "--threads", str(args.threads)] + (["--binary"] if args.binary else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        for line in out.splitlines():
            r = json.loads(line)
            results.append(("crimelab " + r["model"], r["fit_s"], r["fit_cpu_s"], r["macro_f1"]))
            print(line, flush=True)

    meta, x, y = load_matrix(args.dir)
    n_train, k = meta["n_train"], meta["n_classes"]
    cat = np.array(meta["categorical"])
    xtr, ytr, xte, yte = x[:n_train], y[:n_train], x[n_train:], y[n_train:]
    print(f"matrix: {x.shape[0]} rows ({n_train} train) x {x.shape[1]} features "
          f"({cat.sum()} categorical), {k} classes", flush=True)

    libs = args.libs.split(",")
    if "xgboost" in libs:
        import xgboost as xgb
        types = ["c" if c else "q" for c in cat]
        dtr = xgb.DMatrix(xtr, label=ytr, feature_types=types, enable_categorical=True, nthread=args.threads)
        dte = xgb.DMatrix(xte, feature_types=types, enable_categorical=True, nthread=args.threads)
        objective = dict(objective="binary:logistic") if k == 2 else dict(
            objective="multi:softprob", num_class=k)
        params = dict(**objective, tree_method="hist", nthread=args.threads,
                      eta=0.1, max_depth=0, max_leaves=31, grow_policy="lossguide", max_bin=256,
                      min_child_weight=1, reg_lambda=1.0, max_cat_to_onehot=1)
        bst, w, c = timed(lambda: xgb.train(params, dtr, num_boost_round=args.rounds))
        p = bst.predict(dte)
        f1 = macro_f1((p > 0.5).astype(int) if k == 2 else p.argmax(1), yte, k)
        results.append((f"xgboost {xgb.__version__} hist", w, c, f1))
        print(results[-1], flush=True)
    if "lightgbm" in libs:
        import lightgbm as lgb
        cats = [i for i, c in enumerate(cat) if c]
        ds = lgb.Dataset(xtr, label=ytr, categorical_feature=cats, params={"max_bin": 255, "verbose": -1})
        objective = dict(objective="binary") if k == 2 else dict(objective="multiclass",
                                                                  num_class=k)
        params = dict(**objective, num_threads=args.threads, learning_rate=0.1,
                      num_leaves=31, max_bin=255, lambda_l2=1.0, verbose=-1)
        bst, w, c = timed(lambda: lgb.train(params, ds, num_boost_round=args.rounds))
        p = bst.predict(xte)
        f1 = macro_f1((p > 0.5).astype(int) if k == 2 else p.argmax(1), yte, k)
        results.append((f"lightgbm {lgb.__version__}", w, c, f1))
        print(results[-1], flush=True)
    if "sklearn" in libs or args.rf:
        import sklearn
        from sklearn.ensemble import HistGradientBoostingClassifier
        os.environ["OMP_NUM_THREADS"] = "1"
        try:
            from threadpoolctl import threadpool_limits
            limit = threadpool_limits(1)
        except ImportError:
            limit = None
        if "sklearn" in libs:
            hgb = HistGradientBoostingClassifier(max_iter=args.rounds, learning_rate=0.1,
                                                 max_leaf_nodes=31, max_bins=255,
                                                 l2_regularization=1.0, categorical_features=cat,
                                                 early_stopping=False, random_state=0)
            m, w, c = timed(lambda: hgb.fit(xtr, ytr))
            f1 = macro_f1(m.predict(xte), yte, k)
            results.append((f"sklearn {sklearn.__version__} HistGradientBoosting", w, c, f1))
            print(results[-1], flush=True)
        if args.rf:
            from sklearn.ensemble import RandomForestClassifier
            xtr0 = np.nan_to_num(xtr, nan=-1.0)
            rf = RandomForestClassifier(n_estimators=args.trees, max_depth=20, min_samples_leaf=5,
                                        max_features="sqrt", n_jobs=1, random_state=0)
            m, w, c = timed(lambda: rf.fit(xtr0, ytr))
            f1 = macro_f1(m.predict(np.nan_to_num(xte, nan=-1.0)), yte, k)
            results.append((f"sklearn {sklearn.__version__} RandomForest", w, c, f1))
            print(results[-1], flush=True)
        del limit

    ours = {name: cpu for name, _, cpu, _ in results if name.startswith("crimelab")}
    ref = ours.get("crimelab gbdt")
    print(f"\n{'model':45} {'wall s':>8} {'cpu s':>8} {'macro-F1':>9} {'cpu / ours':>10}")
    for name, w, c, f1 in results:
        base = ours.get("crimelab forest") if "Forest" in name or name.endswith("forest") else ref
        ratio = f"{c / base:10.2f}" if base else " " * 10
        print(f"{name:45} {w:8.1f} {c:8.1f} {f1:9.4f} {ratio}")


if __name__ == "__main__":
    sys.exit(main())
