"""Loads exported ONNX models with onnx (checker with full shape inference) and runs them with
onnxruntime on the given inputs. stdin JSON: {"models": [{"id", "path", "x", "dtype", "shape"}]},
x a raw little-endian file of the input batch. Last stdout line: JSON {id: {"y": [...], "ir": n,
"opset": n, "ops": {op_type: count}}} or {id: {"error": "..."}} per model."""
import json
import sys

import numpy as np
import onnx
import onnxruntime as ort


def run(m):
    model = onnx.load(m["path"])
    onnx.checker.check_model(model, full_check=True)
    opset = [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")]
    x = np.fromfile(m["x"], dtype=np.int32 if m["dtype"] == "int32" else np.float32).reshape(m["shape"])
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(m["path"], so, providers=["CPUExecutionProvider"])
    (inp,) = sess.get_inputs()
    (y,) = sess.run(None, {inp.name: x})
    ops = {}
    for n in model.graph.node:
        ops[n.op_type] = ops.get(n.op_type, 0) + 1
    return {"y": y.astype(np.float64).ravel().tolist(), "shape": list(y.shape), "ir": model.ir_version, "opset": opset[0], "ops": ops}


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
