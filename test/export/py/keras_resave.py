"""Loads each exported .keras file in Keras 3 (safe_mode), adds `delta` to every weight (float32),
and saves it again with model.save: the file Keras itself writes, for the import tests.
stdin JSON: {"models": [{"id", "path", "out"}], "delta"}. Last stdout line: {id: {"layers": [...]}} or {id: {"error"}}."""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "torch")
warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402

req = json.load(sys.stdin)
out = {}
for m in req["models"]:
    try:
        model = keras.saving.load_model(m["path"], compile=False, safe_mode=True)
        model.set_weights([w + np.asarray(req["delta"], dtype=w.dtype) for w in model.get_weights()])
        model.save(m["out"])
        out[m["id"]] = {"layers": [type(l).__name__ for l in model.layers]}
    except Exception as e:
        out[m["id"]] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
