#!/usr/bin/env python3
"""Builds e2e/fixtures/wine.csv and e2e/fixtures/diabetes.csv from scikit-learn's raw data files,
and (with --scores) prints reference scores on the app's own test split.

The data files come from the scikit-learn wheel (sklearn/datasets/data/): wine_data.csv (first
line a count header, last column the class id) and diabetes_data_raw.csv.gz (space-separated,
unscaled) + diabetes_target.csv.gz. Unzip the wheel and pass that folder:

  pip download --no-deps -d /tmp/skl scikit-learn && unzip -q /tmp/skl/*.whl -d /tmp/sklx
  python3 scripts/make-real-fixtures.py /tmp/sklx/sklearn/datasets/data            # writes the CSVs
  /tmp/skvenv/bin/python scripts/make-real-fixtures.py /tmp/sklx/sklearn/datasets/data --scores

--scores needs scikit-learn and numpy (use a throwaway venv, not the project's .venv) and node:
the test rows are the app's (scripts/upload-split.ts runs src/data/uploads/test-split.ts).
"""
import csv
import gzip
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "e2e", "fixtures")

WINE_FEATURES = [
    "alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols", "flavanoids",
    "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue", "od280_od315_of_diluted_wines", "proline",
]
# scikit-learn's class_0, class_1, class_2: the three Italian cultivars of the original study.
WINE_CLASSES = ["barolo", "grignolino", "barbera"]
DIABETES_FEATURES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]


def write_csv(name, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"wrote {path}: {len(rows)} rows, {len(header)} columns")


def wine_rows(data_dir):
    with open(os.path.join(data_dir, "wine_data.csv")) as f:
        lines = [l.strip() for l in f if l.strip()]
    rows = []
    for line in lines[1:]:  # the first line is "178,13,class_0,class_1,class_2"
        cells = line.split(",")
        assert len(cells) == 14, line
        rows.append(cells[:13] + [WINE_CLASSES[int(cells[13])]])
    assert len(rows) == 178
    return rows


def diabetes_rows(data_dir):
    with gzip.open(os.path.join(data_dir, "diabetes_data_raw.csv.gz"), "rt") as f:
        x = [l.split() for l in f if l.strip()]
    with gzip.open(os.path.join(data_dir, "diabetes_target.csv.gz"), "rt") as f:
        y = [float(l) for l in f if l.strip()]
    assert len(x) == len(y) == 442 and all(len(r) == 10 for r in x)
    assert all(v == int(v) for v in y)
    return [r + [str(int(v))] for r, v in zip(x, y)]


def app_split(n):
    out = subprocess.run(["npx", "tsx", "scripts/upload-split.ts", str(n)], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def scores(wine, diabetes):
    import numpy as np
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.metrics import accuracy_score, mean_absolute_error, mean_squared_error, r2_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    s = app_split(len(wine))
    x = np.array([[float(v) for v in r[:13]] for r in wine])
    y = np.array([r[13] for r in wine])
    tr, te = s["train"], s["test"]
    clf = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(x[tr], y[tr])
    raw = LogisticRegression(max_iter=5000).fit(x[tr], y[tr])
    print(f"wine: {len(tr)} train / {len(te)} test rows; test rows {te}")
    print(f"  logistic regression, standardised features: test accuracy {accuracy_score(y[te], clf.predict(x[te])):.4f}")
    print(f"  logistic regression, raw features (lbfgs, max_iter 5000): test accuracy {accuracy_score(y[te], raw.predict(x[te])):.4f}")

    s = app_split(len(diabetes))
    x = np.array([[float(v) for v in r[:10]] for r in diabetes])
    y = np.array([float(r[10]) for r in diabetes])
    tr, te = s["train"], s["test"]
    lin = LinearRegression().fit(x[tr], y[tr])
    p = lin.predict(x[te])
    mean = np.full(len(te), y[tr].mean())
    print(f"diabetes: {len(tr)} train / {len(te)} test rows; test rows {te}")
    print(f"  linear regression: test MSE {mean_squared_error(y[te], p):.2f}, MAE {mean_absolute_error(y[te], p):.2f}, R2 {r2_score(y[te], p):.4f}")
    print(f"  mean predictor (train mean {y[tr].mean():.2f}): test MSE {mean_squared_error(y[te], mean):.2f}, MAE {mean_absolute_error(y[te], mean):.2f}, R2 {r2_score(y[te], mean):.4f}")


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    data_dir = sys.argv[1]
    wine = wine_rows(data_dir)
    diabetes = diabetes_rows(data_dir)
    os.makedirs(OUT, exist_ok=True)
    write_csv("wine.csv", WINE_FEATURES + ["cultivar"], wine)
    write_csv("diabetes.csv", DIABETES_FEATURES + ["progression"], diabetes)
    if "--scores" in sys.argv[2:]:
        scores(wine, diabetes)


if __name__ == "__main__":
    main()
