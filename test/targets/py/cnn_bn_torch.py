"""PyTorch side of test/targets/cnn-bn-training.test.ts: the preset trained in PyTorch on the same rows.

stdin JSON: {"dir", "epochs", "batch", "lr", "seed", "n_train", "n_test", "shape": [H, W, C]}.
dir holds the export's model.py and weights.safetensors (the playground's initial weights) and the
data as raw little-endian files: x_train.f32 [n_train, H, W, C], y_train.i32, x_test.f32, y_test.i32.
Training as the playground does: Adam (Keras's epsilon 1e-7), batch `batch`, rows shuffled each
epoch, mean sparse cross-entropy; BatchNorm in train mode while training, eval mode (running
statistics) for the test. Last stdout line: {"test_accuracy", "test_loss", "train_loss"}.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(max(1, int(os.environ.get("OMP_NUM_THREADS", "1"))))


def main():
    req = json.load(sys.stdin)
    d = req["dir"]
    sys.path.insert(0, d)
    from model import Model  # noqa: E402  the export's model.py
    from safetensors.torch import load_file

    torch.manual_seed(req["seed"])
    H, W, C = req["shape"]
    load = lambda name, dt, shape: torch.from_numpy(np.fromfile(os.path.join(d, name), dtype=dt).reshape(shape))  # noqa: E731
    xtr = load("x_train.f32", np.float32, (req["n_train"], H, W, C))
    ytr = load("y_train.i32", np.int32, (req["n_train"],)).long()
    xte = load("x_test.f32", np.float32, (req["n_test"], H, W, C))
    yte = load("y_test.i32", np.int32, (req["n_test"],)).long()
    model = Model(channels_last=True)
    model.load_state_dict(load_file(os.path.join(d, "weights.safetensors")), strict=True)
    opt = torch.optim.Adam(model.parameters(), lr=req["lr"], eps=1e-7)
    g = torch.Generator().manual_seed(req["seed"])
    last = 0.0
    for _ in range(req["epochs"]):
        model.train()
        perm = torch.randperm(req["n_train"], generator=g)
        total, count = 0.0, 0
        for i in range(0, req["n_train"], req["batch"]):
            idx = perm[i : i + req["batch"]]
            loss = F.cross_entropy(model(xtr[idx], final_activation=False), ytr[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(loss) * len(idx)
            count += len(idx)
        last = total / max(1, count)
    model.eval()
    correct, loss_sum = 0, 0.0
    with torch.no_grad():
        for i in range(0, req["n_test"], 1000):
            z = model(xte[i : i + 1000], final_activation=False)
            loss_sum += float(F.cross_entropy(z, yte[i : i + 1000], reduction="sum"))
            correct += int((z.argmax(1) == yte[i : i + 1000]).sum())
    print(json.dumps({"test_accuracy": correct / req["n_test"], "test_loss": loss_sum / req["n_test"], "train_loss": last}))


if __name__ == "__main__":
    main()
