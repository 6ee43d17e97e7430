"""Keras 3 (torch backend, float64) side of test/parity/recurrent-keras.test.ts.

stdin JSON: {"cases": [{"name", "kind": "SimpleRNN"|"LSTM"|"GRU", "bidirectional": bool,
  "merge": "concat"|"sum", "seq": bool, "B", "T", "F", "U", "x": [B*T*F], "dy": [output size],
  "mask": [B*T] token ids or null, "weights": [[values], ...]}]}
weights are the engine's tensors in the engine's order, which is the Keras layout and the order
of layer.get_weights() (kernel, recurrent_kernel, bias; Bidirectional: forward then backward).
The mask (id != 0) is passed as Keras's mask, as Embedding(mask_zero=True) would. For each case:
y and, through torch autograd, the gradients of sum(y * dy) with respect to x and every weight.
Last stdout line: {"results": [{"name", "y", "dx", "grads": [[values], ...]}]}.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
keras.config.set_floatx("float64")


def build(c):
    cls = {"SimpleRNN": keras.layers.SimpleRNN, "LSTM": keras.layers.LSTM, "GRU": keras.layers.GRU}[c["kind"]]
    kw = {"reset_after": True} if c["kind"] == "GRU" else {}
    layer = cls(c["U"], return_sequences=c["seq"], dtype="float64", **kw)
    if c["bidirectional"]:
        layer = keras.layers.Bidirectional(layer, merge_mode=c["merge"], dtype="float64")
    layer.build((c["B"], c["T"], c["F"]))
    shapes = [tuple(w.shape) for w in layer.get_weights()]
    assert len(shapes) == len(c["weights"]), (shapes, len(c["weights"]))
    layer.set_weights([np.asarray(v, dtype=np.float64).reshape(s) for v, s in zip(c["weights"], shapes)])
    return layer


def run(c):
    layer = build(c)
    x = torch.tensor(c["x"], dtype=torch.float64).reshape(c["B"], c["T"], c["F"]).requires_grad_(True)
    kw = {}
    if c.get("mask") is not None:
        kw["mask"] = torch.tensor(c["mask"]).reshape(c["B"], c["T"]) != 0
    y = layer(x, **kw)
    dy = torch.tensor(c["dy"], dtype=torch.float64).reshape(y.shape)
    params = [w.value for w in layer.weights]
    grads = torch.autograd.grad((y * dy).sum(), [x] + params)
    return {
        "name": c["name"],
        "y": y.detach().reshape(-1).tolist(),
        "dx": grads[0].reshape(-1).tolist(),
        "grads": [g.reshape(-1).tolist() for g in grads[1:]],
    }


def main():
    req = json.load(sys.stdin)
    print(json.dumps({"results": [run(c) for c in req["cases"]]}))


if __name__ == "__main__":
    main()
