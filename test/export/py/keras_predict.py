"""Loads exported .keras files with keras.saving.load_model (Keras 3, torch backend) and predicts.
stdin JSON: {"models": [{"id", "path", "x", "dtype", "shape"}]}, x a raw little-endian file of the
input batch. Last stdout line: JSON {id: {"y": [...], "shape": [...], "keras": version}} or
{id: {"error": "..."}} per model."""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def run(m):
    model = keras.saving.load_model(m["path"], compile=False, safe_mode=True)
    x = np.fromfile(m["x"], dtype=np.int32 if m["dtype"] == "int32" else np.float32).reshape(m["shape"])
    y = np.asarray(model.predict(x, verbose=0, batch_size=len(x)))
    return {"y": y.astype(np.float64).ravel().tolist(), "shape": list(y.shape), "keras": keras.__version__, "layers": [l.name for l in model.layers]}


def main():
    req = json.load(sys.stdin)
    out = {}
    for m in req["models"]:
        try:
            out[m["id"]] = run(m)
        except Exception as e:  # reported per model so one failure does not hide the others
            out[m["id"]] = {"error": f"{type(e).__name__}: {e}"}
    print(json.dumps(out))


main()
