"""PyTorch / Keras 3 (float64) side of test/parity/label-smoothing.test.ts: the smoothed
cross-entropies from logits and their gradient by autograd.

stdin JSON: {"eps": ε, "rows", "cols", "logits": [rows*cols], "labels": [rows] class ids,
"bce_logits": [rows], "bce_targets": [rows] 0/1}. Last stdout line: {"results": {name: {"loss", "grad"}}}:
sparse (torch CrossEntropyLoss(label_smoothing=ε) on class ids), categorical (Keras 3
CategoricalCrossentropy(from_logits=True, label_smoothing=ε) on one-hot rows), binary (Keras 3
BinaryCrossentropy(from_logits=True, label_smoothing=ε)).
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import torch  # noqa: E402

torch.set_num_threads(1)


def grad_of(fn, x):
    x = x.clone().requires_grad_(True)
    loss = fn(x)
    loss.backward()
    return {"loss": float(loss), "grad": x.grad.reshape(-1).tolist()}


def main():
    import keras

    c = json.load(sys.stdin)
    eps, rows, cols = c["eps"], c["rows"], c["cols"]
    z = torch.tensor(c["logits"], dtype=torch.float64).reshape(rows, cols)
    labels = torch.tensor(c["labels"], dtype=torch.long)
    onehot = torch.nn.functional.one_hot(labels, cols).to(torch.float64)
    bz = torch.tensor(c["bce_logits"], dtype=torch.float64).reshape(rows, 1)
    bt = torch.tensor(c["bce_targets"], dtype=torch.float64).reshape(rows, 1)
    cce = keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=eps)
    bce = keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=eps)
    results = {
        "sparse": grad_of(lambda x: torch.nn.CrossEntropyLoss(label_smoothing=eps)(x, labels), z),
        "categorical": grad_of(lambda x: cce(onehot, x), z),
        "binary": grad_of(lambda x: bce(bt, x), bz),
    }
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
