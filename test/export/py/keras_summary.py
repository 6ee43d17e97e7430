"""Loads .keras files (Keras 3, torch backend) and reports what model.summary() prints per layer.
stdin JSON: {"models": [{"id", "path"}]}. Last stdout line: JSON {id: {"layers": [{"name", "class",
"params", "trainable", "shape"}], "total": n, "trainable": n}} or {id: {"error": "..."}}."""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")
warnings.filterwarnings("ignore")

import keras  # noqa: E402


def shape_of(layer):
    out = layer.output
    return [None if d is None else int(d) for d in out.shape]


def run(m):
    model = keras.saving.load_model(m["path"], compile=False, safe_mode=True)
    layers = [
        {"name": l.name, "class": type(l).__name__, "params": int(l.count_params()), "trainable": int(sum(int(w.numpy().size) for w in l.trainable_weights)), "shape": shape_of(l)}
        for l in model.layers
    ]
    trainable = int(sum(int(w.numpy().size) for w in model.trainable_weights))
    return {"layers": layers, "total": int(model.count_params()), "trainable": trainable}


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
