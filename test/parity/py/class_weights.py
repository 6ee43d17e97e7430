"""Keras 3 / PyTorch (float64) side of test/parity/class-weights.test.ts: the cross-entropies with
per-class weights as Keras's fit(class_weight=) applies them, and their gradient by autograd.

fit turns class_weight into sample weights with keras's own class_weight_to_sample_weights (the
label; argmax of a one-hot row; the rounded target of a one-unit binary output), then the loss
with sample_weight and its default reduction sum_over_batch_size (Σ w·l / N, not / Σ w).

stdin JSON: {"weights": [C], "bce_weights": [w0, w1], "eps": ε, "rows", "cols", "logits": [rows*cols],
"labels": [rows] class ids, "bce_logits": [rows], "bce_targets": [rows] 0/1}.
Last stdout line: {"results": {name: {"loss", "grad"}}}: sparse, categorical, binary (Keras 3 losses
from logits), categorical_smoothed and binary_smoothed (with label_smoothing ε), sparse_smoothed
(Keras's sparse loss has no smoothing: torch's F.cross_entropy(label_smoothing=ε) per sample, times
the same sample weights, mean over N).
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
    from keras.src.trainers.data_adapters.data_adapter_utils import class_weight_to_sample_weights

    keras.config.set_floatx("float64")
    c = json.load(sys.stdin)
    eps, rows, cols = c["eps"], c["rows"], c["cols"]
    cw = {i: w for i, w in enumerate(c["weights"])}
    bcw = {i: w for i, w in enumerate(c["bce_weights"])}
    z = torch.tensor(c["logits"], dtype=torch.float64).reshape(rows, cols)
    labels = torch.tensor(c["labels"], dtype=torch.long)
    onehot = torch.nn.functional.one_hot(labels, cols).to(torch.float64)
    bz = torch.tensor(c["bce_logits"], dtype=torch.float64).reshape(rows, 1)
    bt = torch.tensor(c["bce_targets"], dtype=torch.float64).reshape(rows, 1)
    sw = {
        "sparse": torch.tensor(class_weight_to_sample_weights(labels.numpy(), cw), dtype=torch.float64),
        "categorical": torch.tensor(class_weight_to_sample_weights(onehot.numpy(), cw), dtype=torch.float64),
        "binary": torch.tensor(class_weight_to_sample_weights(bt.numpy(), bcw), dtype=torch.float64),
    }
    scce = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype="float64")
    cce = keras.losses.CategoricalCrossentropy(from_logits=True, dtype="float64")
    bce = keras.losses.BinaryCrossentropy(from_logits=True, dtype="float64")
    cce_s = keras.losses.CategoricalCrossentropy(from_logits=True, label_smoothing=eps, dtype="float64")
    bce_s = keras.losses.BinaryCrossentropy(from_logits=True, label_smoothing=eps, dtype="float64")
    results = {
        "sparse": grad_of(lambda x: scce(labels, x, sample_weight=sw["sparse"]), z),
        "categorical": grad_of(lambda x: cce(onehot, x, sample_weight=sw["categorical"]), z),
        "binary": grad_of(lambda x: bce(bt, x, sample_weight=sw["binary"]), bz),
        "categorical_smoothed": grad_of(lambda x: cce_s(onehot, x, sample_weight=sw["categorical"]), z),
        "binary_smoothed": grad_of(lambda x: bce_s(bt, x, sample_weight=sw["binary"]), bz),
        "sparse_smoothed": grad_of(lambda x: (torch.nn.functional.cross_entropy(x, labels, reduction="none", label_smoothing=eps) * sw["sparse"]).mean(), z),
    }
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
