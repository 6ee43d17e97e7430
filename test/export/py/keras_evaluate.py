"""Loads exported .keras files (Keras 3, safe_mode) WITHOUT compiling again and calls evaluate and
one fit step on given rows: the file's compile_config must carry the loss, optimizer and metrics.
stdin JSON: {"models": [{"id", "path", "x", "xdtype", "xshape", "y", "ydtype", "yshape"}]}.
Last stdout line: {id: {"evaluate": {...}, "optimizer": {...}, "loss": ..., "fit_loss": ...}} or {id: {"error"}}."""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402


def arr(path, dtype, shape):
    return np.fromfile(path, dtype=np.int32 if dtype == "int32" else np.float32).reshape(shape)


out = {}
for m in json.load(sys.stdin)["models"]:
    try:
        model = keras.saving.load_model(m["path"], safe_mode=True)  # compile=True: from compile_config
        x = arr(m["x"], m["xdtype"], m["xshape"])
        y = arr(m["y"], m["ydtype"], m["yshape"])
        ev = model.evaluate(x, y, verbose=0, return_dict=True, batch_size=len(x))
        opt = keras.saving.serialize_keras_object(model.optimizer)
        hist = model.fit(x, y, epochs=1, batch_size=len(x), verbose=0)
        out[m["id"]] = {"evaluate": {k: float(v) for k, v in ev.items()}, "optimizer": {"class_name": opt["class_name"], "config": opt["config"]}, "loss": str(model.loss), "fit_loss": float(hist.history["loss"][0])}
    except Exception as e:
        out[m["id"]] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
