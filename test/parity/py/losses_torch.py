"""PyTorch / Keras 3 (float64) side of test/parity/losses.test.ts.

stdin JSON: {"cases": [{"name": loss name, "pred": [rows*cols], "target": [rows*cols], "rows", "cols",
"delta"}]}. Each case computes the batch's mean loss (Keras 3 semantics) and its gradient with
respect to pred by autograd, with torch.nn.functional where PyTorch has the loss, Keras 3's loss
(torch backend) where it has none (log_cosh, hinge, squared_hinge). Last stdout line:
{"results": {name: {"loss": float, "grad": [rows*cols]}}}.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)


def keras_loss(name):
    import keras

    return {"log_cosh": keras.losses.log_cosh, "hinge": keras.losses.hinge, "squared_hinge": keras.losses.squared_hinge}[name]


def loss_of(c, p, t):
    name = c["name"]
    if name == "mae":
        return torch.nn.L1Loss()(p, t)
    if name == "huber":
        return torch.nn.HuberLoss(delta=c["delta"])(p, t)
    if name == "poisson":
        return torch.nn.PoissonNLLLoss(log_input=False, eps=1e-7)(p, t)
    if name == "kl_divergence":
        # KLDivLoss takes log-probabilities; Keras clips both sides to [1e-7, 1].
        return torch.nn.KLDivLoss(reduction="batchmean")(p.clamp(1e-7, 1).log(), t.clamp(1e-7, 1))
    if name == "cosine_similarity":
        # Keras's sign: the negative similarity, the mean over rows.
        return -F.cosine_similarity(p, t, dim=-1, eps=1e-7).mean()
    # Keras 3 with the torch backend: per-sample losses, the mean over the batch.
    return keras_loss(name)(t, p).mean()


def main():
    cases = json.load(sys.stdin)["cases"]
    results = {}
    for c in cases:
        shape = (c["rows"], c["cols"])
        p = torch.tensor(c["pred"], dtype=torch.float64).reshape(shape).requires_grad_(True)
        t = torch.tensor(c["target"], dtype=torch.float64).reshape(shape)
        loss = loss_of(c, p, t)
        loss.backward()
        results[c["name"]] = {"loss": float(loss), "grad": p.grad.reshape(-1).tolist()}
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
