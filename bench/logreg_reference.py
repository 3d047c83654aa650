"""Reference solution for the tiny logistic-regression test (tests/models/logreg.rs).

Builds the same design matrix Crime Lab builds (numeric standardised with the population std,
missing -> 0 plus a 0/1 missing indicator; categorical one-hot, missing -> all zeros) and fits
scikit-learn's LogisticRegression(lbfgs) to a tight tolerance. Prints probabilities to paste.
"""
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression

a = np.array([1.0, 2.0, np.nan, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0])
b = np.array([0.5, -1.0, 2.0, 0.0, 1.5, -0.5, 3.0, 1.0, -2.0, 0.5, 2.5, -1.5])
cat = np.array([0, 1, 2, 0, -1, 1, 2, 0, 1, 2, 0, 1])  # -1 = missing
y = np.array([0, 0, 1, 0, 1, 2, 1, 2, 2, 1, 2, 0])

def std(v):
    m = np.nanmean(v)
    s = np.nanstd(v)
    out = np.where(np.isnan(v), 0.0, (v - m) / s)
    return out

cols = [std(a), np.isnan(a).astype(float), std(b)]
for level in range(3):
    cols.append((cat == level).astype(float))
X = np.column_stack(cols)
for C in (1.0, 0.1):
    clf = LogisticRegression(C=C, tol=1e-10, max_iter=10000).fit(X, y)
    print("sklearn", sklearn.__version__, "C", C)
    print("coef", np.array2string(clf.coef_, precision=6, separator=", "))
    print("intercept", np.array2string(clf.intercept_, precision=6, separator=", "))
    print("proba", np.array2string(clf.predict_proba(X)[:4], precision=6, separator=", "))
# Binary: class 2 vs the rest.
yb = (y == 2).astype(int)
clf = LogisticRegression(C=1.0, tol=1e-10, max_iter=10000).fit(X, yb)
print("binary coef", np.array2string(clf.coef_, precision=6, separator=", "))
print("binary intercept", clf.intercept_)
print("binary proba", np.array2string(clf.predict_proba(X)[:4, 1], precision=6, separator=", "))
