"""PyTorch / Keras 3 (float64) side of test/parity/optimizers.test.ts.

stdin JSON: {"cases": [{"name", "lib": "torch"|"keras", "cls": class name in torch.optim or
keras.optimizers, "kwargs": {...}, "params0": [P], "grads": [[P] per step], "lrs": [lr per step]}]}.
Each case runs one optimizer over one flat float64 parameter vector, setting the gradient and the
learning rate of each step by hand (as a schedule would), and reports the parameters after every
step. Last stdout line: {"results": {name: [[P] per step]}}.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import torch  # noqa: E402

torch.set_num_threads(1)


def run_torch(c):
    p = torch.tensor(c["params0"], dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, c["cls"])([p], lr=c["lrs"][0], **c["kwargs"])
    out = []
    for g, lr in zip(c["grads"], c["lrs"]):
        for group in opt.param_groups:
            group["lr"] = lr
        p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out.append(p.detach().tolist())
    return out


def run_keras(c):
    import keras

    v = keras.Variable(c["params0"], dtype="float64")
    opt = getattr(keras.optimizers, c["cls"])(learning_rate=c["lrs"][0], **c["kwargs"])
    out = []
    for g, lr in zip(c["grads"], c["lrs"]):
        opt.learning_rate = lr
        opt.apply_gradients([(keras.ops.convert_to_tensor(g, dtype="float64"), v)])
        out.append(keras.ops.convert_to_numpy(v).tolist())
    return out


def main():
    cases = json.load(sys.stdin)["cases"]
    results = {c["name"]: (run_torch(c) if c["lib"] == "torch" else run_keras(c)) for c in cases}
    print(json.dumps({"results": results}))


if __name__ == "__main__":
    main()
