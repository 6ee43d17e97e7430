"""PyTorch and Keras 3 (float64) side of test/parity/prelu.test.ts.

stdin JSON: {"cases": [{"name", "framework": "torch" | "keras", "x": [...] flat channels-last
[B, ...sample], "shape": [B, ...sample], "alpha": [...] flat in the engine's shape "alpha_shape",
"shared_axes": [...] (Keras numbering) or null, "dy": [...]}]}.
  torch: nn.PReLU(C) (one alpha per channel: alpha_shape [1, ..., 1, C]) on the channels-first
    tensor (x moved to [B, C, ...]), its weight the C alphas.
  keras: keras.layers.PReLU(shared_axes) in float64 on the torch backend, its alpha set to the
    engine's alpha.
The output y and the gradients of sum(y * dy) to x and to alpha, flat in the engine layout.
Last stdout line: {"cases": [{"name", "y", "dx", "dalpha"}]}.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import torch  # noqa: E402

torch.set_num_threads(1)
f64 = torch.float64


def run(c):
    shape = c["shape"]
    x = torch.tensor(c["x"], dtype=f64).reshape(*shape).requires_grad_(True)
    dy = torch.tensor(c["dy"], dtype=f64).reshape(*shape)
    alpha = torch.tensor(c["alpha"], dtype=f64)
    if c["framework"] == "torch":
        C = shape[-1]
        m = torch.nn.PReLU(C).to(f64)
        with torch.no_grad():
            m.weight.copy_(alpha.reshape(C))
        xc = x.movedim(-1, 1)
        y = m(xc).movedim(1, -1)
        w = m.weight
    else:
        layer = keras.layers.PReLU(shared_axes=c["shared_axes"], dtype="float64")
        layer.build(tuple([None, *shape[1:]]))
        layer.alpha.assign(alpha.reshape(*c["alpha_shape"]).numpy())
        y = layer(x)
        w = layer.alpha.value
    dx, dw = torch.autograd.grad((y * dy).sum(), [x, w])
    return {"name": c["name"], "y": y.detach().reshape(-1).tolist(), "dx": dx.reshape(-1).tolist(), "dalpha": dw.reshape(-1).tolist()}


def main():
    req = json.load(sys.stdin)
    print(json.dumps({"cases": [run(c) for c in req["cases"]]}))


if __name__ == "__main__":
    main()
