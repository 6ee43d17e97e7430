"""Loads each ONNX file with the onnx package, adds `delta` to every float initializer and saves it
again with onnx.save (numpy_helper.from_array: raw_data), checking the result with onnx.checker.
stdin JSON: {"models": [{"id", "path", "out"}], "delta"}. Last stdout line: {id: {"initializers": n}} or {id: {"error"}}."""
import json
import sys

import numpy as np
import onnx
from onnx import numpy_helper

req = json.load(sys.stdin)
out = {}
for m in req["models"]:
    try:
        model = onnx.load(m["path"])
        n = 0
        for i, t in enumerate(model.graph.initializer):
            if t.data_type == onnx.TensorProto.FLOAT:
                a = numpy_helper.to_array(t) + np.float32(req["delta"])
                model.graph.initializer[i].CopyFrom(numpy_helper.from_array(a.astype(np.float32), t.name))
                n += 1
        onnx.checker.check_model(model)
        onnx.save(model, m["out"])
        out[m["id"]] = {"initializers": n}
    except Exception as e:
        out[m["id"]] = {"error": f"{type(e).__name__}: {e}"}
print(json.dumps(out))
