"""PyTorch (float64) side of test/parity/merge-layers.test.ts.

stdin JSON: {"cases": [{"name", "op", "inputs": [[...], ...] flat engine-layout (NHWC / channels-last)
  arrays, "shapes": [[B, ...], ...] their shapes with the batch axis, "dy": [...] flat, "out": [B, ...]}]}
  op "multiply": torch.mul(a, b).
  op "concatenate" (with "dim", the Keras axis counted with the batch): torch.cat(inputs, dim) on the
    channels-last tensors as they are.
  op "zero_pad2d" (with "pads": [top, bottom, left, right]): F.pad of the NCHW image (x.permute(0, 3, 1, 2)),
    back to NHWC.
  op "upsample2d" (with "size": [sh, sw]): F.interpolate(mode="nearest", scale_factor=size) of the NCHW image,
    back to NHWC.
The output y and the gradients of sum(y * dy) to every input, flat in the engine layout.
Last stdout line: {"cases": [{"name", "y", "dxs": [[...], ...]}]}.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
f64 = torch.float64


def run(c):
    xs = [torch.tensor(v, dtype=f64).reshape(*s).requires_grad_(True) for v, s in zip(c["inputs"], c["shapes"])]
    op = c["op"]
    if op == "multiply":
        y = torch.mul(xs[0], xs[1])
    elif op == "concatenate":
        y = torch.cat(xs, dim=c["dim"])
    elif op == "zero_pad2d":
        t, b, l, r = c["pads"]
        y = F.pad(xs[0].permute(0, 3, 1, 2), (l, r, t, b)).permute(0, 2, 3, 1)
    elif op == "upsample2d":
        y = F.interpolate(xs[0].permute(0, 3, 1, 2), scale_factor=tuple(c["size"]), mode="nearest").permute(0, 2, 3, 1)
    else:
        raise ValueError(f"unknown op {op}")
    dy = torch.tensor(c["dy"], dtype=f64).reshape(*c["out"])
    (y * dy).sum().backward()
    return {"name": c["name"], "y": y.detach().reshape(-1).tolist(), "dxs": [x.grad.reshape(-1).tolist() for x in xs]}


def main():
    req = json.load(sys.stdin)
    print(json.dumps({"cases": [run(c) for c in req["cases"]]}))


if __name__ == "__main__":
    main()
