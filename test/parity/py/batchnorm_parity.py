"""PyTorch and Keras 3 (torch backend, float64) side of test/parity/batchnorm.test.ts.

stdin JSON: {"layers": [...], "model": {...}}
  layers: [{"name", "shape": [B, ..., C] channels-last, "x", "dy", "gamma", "beta", "eps", "momentum"}]
    torch.nn.BatchNorm1d ([B, C], or [B, T, C] moved to [B, C, T]) / BatchNorm2d ([B, H, W, C] moved to
    NCHW) in train mode: y, and the gradients of sum(y * dy) to x, weight and bias (flat, channels-last);
    running_mean after the step (momentum = 1 - Keras's).
  model: {"N", "H", "W", "Cin", "F" (conv filters), "K" (classes), "x" [N, H, W, Cin], "y" [N] class ids,
    "conv" [3, 3, Cin, F] (Keras layout), "dense" [H'W'F, K], "dense_bias" [K], "lr", "steps", "eps",
    "momentum"}: Conv2D(F, 3, no bias) -> BatchNormalization -> ReLU -> Flatten -> Dense(K, softmax),
    sparse cross-entropy, SGD(lr), full-batch steps in order. Trained in PyTorch (BatchNorm2d, flatten
    in channels-last order like the playground) and in Keras 3 (model.fit, shuffle off).
    The moving variance is compared with Keras only: PyTorch's running_var uses the unbiased batch
    variance (n / (n - 1) times Keras's), Keras the biased one the playground also uses.
Last stdout line: {"layers": [{"name", "y", "dx", "dgamma", "dbeta", "running_mean"}], "torch": {weights},
  "keras": {weights, "moving_mean", "moving_variance", "predict" (inference mode after training)}}.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "torch")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)
keras.config.set_floatx("float64")
f64 = torch.float64
flat = lambda t: t.detach().reshape(-1).tolist()  # noqa: E731


def layer_case(c):
    shape = c["shape"]
    C = shape[-1]
    x = torch.tensor(c["x"], dtype=f64).reshape(*shape).requires_grad_(True)
    dy = torch.tensor(c["dy"], dtype=f64).reshape(*shape)
    bn = (torch.nn.BatchNorm2d if len(shape) == 4 else torch.nn.BatchNorm1d)(C, eps=c["eps"], momentum=1 - c["momentum"]).double()
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(c["gamma"], dtype=f64))
        bn.bias.copy_(torch.tensor(c["beta"], dtype=f64))
    bn.train()
    if len(shape) == 4:
        y = bn(x.permute(0, 3, 1, 2)).permute(0, 2, 3, 1)
    elif len(shape) == 3:
        y = bn(x.transpose(1, 2)).transpose(1, 2)
    else:
        y = bn(x)
    (y * dy).sum().backward()
    return {"name": c["name"], "y": flat(y), "dx": flat(x.grad), "dgamma": flat(bn.weight.grad), "dbeta": flat(bn.bias.grad), "running_mean": flat(bn.running_mean)}


def torch_model(m):
    N, H, W, Cin, Fo, K = m["N"], m["H"], m["W"], m["Cin"], m["F"], m["K"]
    conv = torch.tensor(m["conv"], dtype=f64).reshape(3, 3, Cin, Fo).permute(3, 2, 0, 1).clone().requires_grad_(True)
    dense = torch.tensor(m["dense"], dtype=f64).reshape(-1, K).clone().requires_grad_(True)
    bias = torch.tensor(m["dense_bias"], dtype=f64).clone().requires_grad_(True)
    bn = torch.nn.BatchNorm2d(Fo, eps=m["eps"], momentum=1 - m["momentum"]).double()
    x = torch.tensor(m["x"], dtype=f64).reshape(N, H, W, Cin).permute(0, 3, 1, 2)
    y = torch.tensor(m["y"], dtype=torch.long)
    params = [conv, dense, bias, bn.weight, bn.bias]
    opt = torch.optim.SGD(params, lr=m["lr"])
    bn.train()
    for _ in range(m["steps"]):
        opt.zero_grad()
        h = F.relu(bn(F.conv2d(x, conv)))
        z = h.permute(0, 2, 3, 1).reshape(N, -1) @ dense + bias
        F.cross_entropy(z, y).backward()
        opt.step()
    return {
        "conv": flat(conv.permute(2, 3, 1, 0)),
        "dense": flat(dense),
        "dense_bias": flat(bias),
        "gamma": flat(bn.weight),
        "beta": flat(bn.bias),
        "running_mean": flat(bn.running_mean),
    }


def keras_model(m):
    N, H, W, Cin, Fo, K = m["N"], m["H"], m["W"], m["Cin"], m["F"], m["K"]
    inp = keras.Input((H, W, Cin), dtype="float64")
    conv = keras.layers.Conv2D(Fo, 3, use_bias=False, dtype="float64")
    bn = keras.layers.BatchNormalization(momentum=m["momentum"], epsilon=m["eps"], dtype="float64")
    dense = keras.layers.Dense(K, activation="softmax", dtype="float64")
    out = dense(keras.layers.Flatten()(keras.layers.ReLU()(bn(conv(inp)))))
    model = keras.Model(inp, out)
    conv.set_weights([np.asarray(m["conv"], dtype=np.float64).reshape(3, 3, Cin, Fo)])
    dense.set_weights([np.asarray(m["dense"], dtype=np.float64).reshape(-1, K), np.asarray(m["dense_bias"], dtype=np.float64)])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=m["lr"]), loss="sparse_categorical_crossentropy")
    x = np.asarray(m["x"], dtype=np.float64).reshape(N, H, W, Cin)
    y = np.asarray(m["y"], dtype=np.int64)
    model.fit(x, y, batch_size=N, epochs=m["steps"], shuffle=False, verbose=0)
    g, b, mm, mv = [np.asarray(w) for w in bn.get_weights()]
    return {
        "gamma": g.tolist(),
        "beta": b.tolist(),
        "moving_mean": mm.tolist(),
        "moving_variance": mv.tolist(),
        "conv": np.asarray(conv.get_weights()[0]).reshape(-1).tolist(),
        "predict": np.asarray(model.predict(x, verbose=0)).reshape(-1).tolist(),
    }


def main():
    req = json.load(sys.stdin)
    print(json.dumps({"layers": [layer_case(c) for c in req["layers"]], "torch": torch_model(req["model"]), "keras": keras_model(req["model"])}))


if __name__ == "__main__":
    main()
