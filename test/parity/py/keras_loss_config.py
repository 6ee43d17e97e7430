"""Keras 3 side of test/export/training-config-losses.test.ts: reads each compile_config loss as
Keras does (keras.losses.get for an identifier, keras.losses.deserialize for a serialized loss
object) and evaluates it on the given predictions and targets (float32, Keras's default floatx).

stdin JSON: {"cases": [{"name", "loss": str | dict, "pred": [rows*cols], "target": [...], "rows", "cols"}]}.
Last stdout line: {"results": {name: {"loss": float, "class": the loss's Python name}}}.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import ops  # noqa: E402


def main():
    cases = json.load(sys.stdin)["cases"]
    results = {}
    for c in cases:
        spec = c["loss"]
        fn = keras.losses.deserialize(spec) if isinstance(spec, dict) else keras.losses.get(spec)
        shape = (c["rows"], c["cols"])
        p = np.asarray(c["pred"], dtype="float32").reshape(shape)
        t = np.asarray(c["target"], dtype="float32").reshape(shape)
        value = fn(t, p)
        results[c["name"]] = {"loss": float(ops.convert_to_numpy(ops.mean(value))), "class": getattr(fn, "__name__", type(fn).__name__)}
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
