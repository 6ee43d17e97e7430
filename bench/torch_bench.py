"""PyTorch CPU row of the bench: trains the same models as bench/page.ts on random data.

Reads a JSON document on stdin (bench/run.ts writes it from the preset specs):

  {"cases": [{"id": "cnn/b32", "layers": [...spec layers...], "loss": "...", "optimizer": {...},
              "batch": 32, "rows": 1024, "targetSeconds": 1.5, "repeats": 3}]}

and prints one JSON line per case: {"case", "ok", "samplesPerSec" (median over repeats),
"samples", "msPerStep", "steps", "threads", "torch", ...} or {"case", "ok": false, "error"}.

Models: channels-last Conv2D inputs are fed as NCHW ([C, H, W]); recurrent layers are
batch_first. Chains become an nn.Sequential; specs with branches or MultiHeadAttention (the
Transformer presets) become a GraphModel that evaluates the layers by id: Embedding,
PositionEmbedding (x + a learned [T, D] table), MultiHeadAttention (nn.MultiheadAttention,
batch_first, self-attention, key_padding_mask from the token ids when an Embedding has maskZero),
Add, LayerNormalization (nn.LayerNorm with the spec's eps, default 1e-3 as Keras), Dense on the
last axis (gelu exact), GlobalAveragePooling1D (masked mean over time). A final softmax before sparse categorical cross-entropy is folded into
nn.CrossEntropyLoss (log-softmax + NLL, as Keras computes it). Embedding maskZero needs no mask
here: the token ids are drawn from [1, inputDim), so no step is padding.
Timing: warm-up steps, a calibration, then `repeats` timed runs of about targetSeconds each
(at least 3 steps, 2 when a step takes seconds).

A case {"id", "matmul": n, "targetSeconds", "repeats"} times torch.mm on n x n float32 instead
(the CPU's native BLAS peak on the same cores, the better of torch's default thread count and one
thread) and prints {"case", "ok", "gflops", "samples", "threads", "gflopsByThreads", ...}.

Standalone: echo '{"cases": [...]}' | .venv/bin/python bench/torch_bench.py
"""

import json
import sys
import time

import torch
from torch import nn


def size2(v, d):
    if v is None:
        return (d, d)
    if isinstance(v, (int, float)):
        return (int(v), int(v))
    return (int(v[0]), int(v[1]))


def act_module(name):
    name = name or "linear"
    if name == "linear":
        return None
    if name == "relu":
        return nn.ReLU()
    if name == "sigmoid":
        return nn.Sigmoid()
    if name == "tanh":
        return nn.Tanh()
    if name == "softmax":
        return nn.Softmax(dim=-1)
    if name == "gelu":
        return nn.GELU()
    raise ValueError(f"activation {name} has no torch mapping")


class LastStep(nn.Module):
    """Runs a batch_first nn.RNN/LSTM/GRU and returns all outputs or the last one."""

    def __init__(self, rnn, return_sequences):
        super().__init__()
        self.rnn = rnn
        self.return_sequences = return_sequences

    def forward(self, x):
        out, _ = self.rnn(x)
        return out if self.return_sequences else out[:, -1]


class ChannelsLast1D(nn.Module):
    """Runs an NCL module (nn.Conv1d, 1D pooling) on a [N, T, C] sequence: transposed in and back."""

    def __init__(self, mod):
        super().__init__()
        self.mod = mod

    def forward(self, x):
        return self.mod(x.transpose(1, 2)).transpose(1, 2)


class MeanSteps(nn.Module):
    """GlobalAveragePooling1D without a mask: the mean over the steps of [N, T, C]."""

    def forward(self, x):
        return x.mean(dim=1)


def keras_init_rnn(rnn, kind, unit_forget_bias):
    """Keras initialisers: glorot_uniform kernels, orthogonal recurrent kernels, zero biases (LSTM forget bias 1)."""
    gates = {"SimpleRNN": 1, "LSTM": 4, "GRU": 3}[kind]
    for name, p in rnn.named_parameters():
        if name.startswith("weight_ih"):
            for g in p.data.chunk(gates, 0):
                nn.init.xavier_uniform_(g)
        elif name.startswith("weight_hh"):
            for g in p.data.chunk(gates, 0):
                nn.init.orthogonal_(g)
        elif name.startswith("bias"):
            nn.init.zeros_(p)
            if kind == "LSTM" and unit_forget_bias and name.startswith("bias_ih"):
                # torch gate order i, f, g, o; Keras adds 1 to the forget bias.
                h = p.shape[0] // 4
                p.data[h : 2 * h] = 1.0


def build(layers, loss):
    """Returns (model, input shape as fed to torch, input dtype, vocab, softmax folded into the loss)."""
    inp = next(l for l in layers if l["type"] == "Input")
    shape = list(inp["shape"])
    dtype = inp.get("dtype", "float32")
    vocab = None
    # Current per-sample shape in torch layout; `image` marks [C, H, W].
    image = len(shape) == 3
    cur = [shape[2], shape[0], shape[1]] if image else list(shape)
    torch_in = list(cur)
    mods = []
    fold_softmax = False
    body = [l for l in layers if l["type"] != "Input"]
    for i, l in enumerate(body):
        if len(l.get("inputs") or []) > 1:
            raise ValueError(f"layer {l['id']} has several inputs; chains only")
        t = l["type"]
        last = i == len(body) - 1
        if t == "Dense":
            # Dense on [T, F] acts on the last axis, as in Keras.
            lin = nn.Linear(cur[-1], l["units"], bias=l.get("useBias", True) is not False)
            nn.init.xavier_uniform_(lin.weight)
            if lin.bias is not None:
                nn.init.zeros_(lin.bias)
            mods.append(lin)
            cur = cur[:-1] + [l["units"]]
            a = l.get("activation", "linear")
            if last and a == "softmax" and loss == "sparse_categorical_crossentropy":
                fold_softmax = True
            elif act_module(a):
                mods.append(act_module(a))
        elif t == "Activation":
            if last and l["activation"] == "softmax" and loss == "sparse_categorical_crossentropy":
                fold_softmax = True
            elif act_module(l["activation"]):
                mods.append(act_module(l["activation"]))
        elif t == "Conv2D":
            kh, kw = size2(l["kernelSize"], 1)
            sh, sw = size2(l.get("strides"), 1)
            pad = l.get("padding", "valid")
            if pad == "same" and (sh, sw) != (1, 1):
                raise ValueError("Conv2D padding same with strides has no torch mapping here")
            conv = nn.Conv2d(cur[0], l["filters"], (kh, kw), stride=(sh, sw), padding=pad, bias=l.get("useBias", True) is not False)
            nn.init.xavier_uniform_(conv.weight)
            if conv.bias is not None:
                nn.init.zeros_(conv.bias)
            mods.append(conv)
            c, hh, ww = cur
            if pad == "same":
                cur = [l["filters"], hh, ww]
            else:
                cur = [l["filters"], (hh - kh) // sh + 1, (ww - kw) // sw + 1]
            if act_module(l.get("activation")):
                mods.append(act_module(l.get("activation")))
        elif t in ("MaxPooling2D", "AveragePooling2D"):
            ph, pw = size2(l.get("poolSize"), 2)
            sh, sw = size2(l.get("strides"), 0) if l.get("strides") is not None else (ph, pw)
            if l.get("padding", "valid") != "valid":
                raise ValueError("pooling padding same has no torch mapping here")
            cls = nn.MaxPool2d if t == "MaxPooling2D" else nn.AvgPool2d
            mods.append(cls((ph, pw), stride=(sh, sw)))
            cur = [cur[0], (cur[1] - ph) // sh + 1, (cur[2] - pw) // sw + 1]
        elif t == "BatchNormalization":
            # Channels at dim 1 ([C, H, W] images or [F] vectors); momentum = 1 - Keras's.
            if len(cur) not in (1, 3):
                raise ValueError("BatchNormalization on sequences has no torch mapping here")
            bn = (nn.BatchNorm2d if len(cur) == 3 else nn.BatchNorm1d)(cur[0], eps=l.get("epsilon", 1e-3), momentum=1 - l.get("momentum", 0.99))
            mods.append(bn)
        elif t == "GlobalAveragePooling2D":
            mods += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
            cur = [cur[0]]
        elif t == "Conv1D":
            k, st = l["kernelSize"], l.get("strides", 1)
            if l.get("padding", "valid") != "valid":
                raise ValueError("Conv1D padding other than valid has no torch mapping here")
            conv = nn.Conv1d(cur[-1], l["filters"], k, stride=st, bias=l.get("useBias", True) is not False)
            nn.init.xavier_uniform_(conv.weight)
            if conv.bias is not None:
                nn.init.zeros_(conv.bias)
            mods.append(ChannelsLast1D(conv))
            cur = [(cur[0] - k) // st + 1, l["filters"]]
            if act_module(l.get("activation")):
                mods.append(act_module(l.get("activation")))
        elif t in ("MaxPooling1D", "AveragePooling1D"):
            p = l.get("poolSize", 2)
            st = l.get("strides") or p
            if l.get("padding", "valid") != "valid":
                raise ValueError("pooling padding same has no torch mapping here")
            mods.append(ChannelsLast1D((nn.MaxPool1d if t == "MaxPooling1D" else nn.AvgPool1d)(p, stride=st)))
            cur = [(cur[0] - p) // st + 1, cur[1]]
        elif t == "GlobalAveragePooling1D":
            mods.append(MeanSteps())
            cur = [cur[-1]]
        elif t == "Flatten":
            mods.append(nn.Flatten())
            n = 1
            for v in cur:
                n *= v
            cur = [n]
        elif t == "Dropout":
            mods.append(nn.Dropout(l["rate"]))
        elif t == "Embedding":
            emb = nn.Embedding(l["inputDim"], l["outputDim"])
            nn.init.uniform_(emb.weight, -0.05, 0.05)
            vocab = l["inputDim"]
            mods.append(emb)
            cur = cur + [l["outputDim"]]
        elif t in ("SimpleRNN", "LSTM", "GRU"):
            a = l.get("activation", "tanh")
            bias = l.get("useBias", True) is not False
            if t == "SimpleRNN":
                if a not in ("tanh", "relu"):
                    raise ValueError(f"SimpleRNN activation {a} has no torch mapping")
                rnn = nn.RNN(cur[-1], l["units"], nonlinearity=a, bias=bias, batch_first=True)
            else:
                if a != "tanh" or l.get("recurrentActivation", "sigmoid") != "sigmoid":
                    raise ValueError(f"{t} with non-default activations has no torch mapping")
                # nn.GRU is the reset-after form (Keras resetAfter: true).
                rnn = (nn.LSTM if t == "LSTM" else nn.GRU)(cur[-1], l["units"], bias=bias, batch_first=True)
            keras_init_rnn(rnn, t, l.get("unitForgetBias", True))
            rs = bool(l.get("returnSequences", False))
            mods.append(LastStep(rnn, rs))
            cur = (cur[:-1] + [l["units"]]) if rs else [l["units"]]
        else:
            raise ValueError(f"layer type {t} has no torch mapping")
    return nn.Sequential(*mods), torch_in, dtype, vocab, fold_softmax


GRAPH_TYPES = {"Input", "Embedding", "PositionEmbedding", "MultiHeadAttention", "Add", "LayerNormalization", "Dense", "GlobalAveragePooling1D"}


def needs_graph(layers):
    return any(l["type"] == "MultiHeadAttention" or len(l.get("inputs") or []) > 1 for l in layers)


class GraphModel(nn.Module):
    """Evaluates spec layers by id (each reads the ids in its `inputs`); returns the last layer's output."""

    def __init__(self, layers, loss):
        super().__init__()
        self.order = []  # (id, type, input ids, module key or None, extra)
        self.mods = nn.ModuleDict()
        self.tables = nn.ParameterDict()
        self.mask_zero = False
        self.fold_softmax = False
        shapes = {}
        for i, l in enumerate(layers):
            t, lid = l["type"], l["id"]
            if t not in GRAPH_TYPES:
                raise ValueError(f"layer type {t} has no mapping in the torch graph model")
            ins = list(l.get("inputs") or [])
            key = f"m{i}"
            extra = {}
            if t == "Input":
                shapes[lid] = list(l["shape"])
                self.input_id = lid
                self.input_shape = list(l["shape"])
                self.dtype = l.get("dtype", "float32")
            elif t == "Embedding":
                emb = nn.Embedding(l["inputDim"], l["outputDim"])
                nn.init.uniform_(emb.weight, -0.05, 0.05)
                self.mods[key] = emb
                self.vocab = l["inputDim"]
                self.mask_zero = self.mask_zero or bool(l.get("maskZero", False))
                shapes[lid] = shapes[ins[0]] + [l["outputDim"]]
            elif t == "PositionEmbedding":
                if l.get("mode", "learned") != "learned":
                    raise ValueError("sinusoidal PositionEmbedding has no torch mapping here")
                T, D = shapes[ins[0]]
                self.tables[key] = nn.Parameter(torch.empty(T, D).uniform_(-0.05, 0.05))
                shapes[lid] = [T, D]
            elif t == "MultiHeadAttention":
                if len(ins) != 1 or l.get("causal") or (l.get("dropout") or 0) > 0:
                    raise ValueError("only plain self-attention has a torch mapping here")
                T, D = shapes[ins[0]]
                H = l["numHeads"]
                if (l.get("keyDim") or D // H) * H != D:
                    raise ValueError("nn.MultiheadAttention needs numHeads * keyDim == model width")
                mha = nn.MultiheadAttention(D, H, bias=l.get("useBias", True) is not False, batch_first=True)
                nn.init.xavier_uniform_(mha.in_proj_weight)
                nn.init.xavier_uniform_(mha.out_proj.weight)
                self.mods[key] = mha
                shapes[lid] = [T, D]
            elif t == "Add":
                shapes[lid] = list(shapes[ins[0]])
            elif t == "LayerNormalization":
                self.mods[key] = nn.LayerNorm(shapes[ins[0]][-1], eps=l.get("epsilon", 1e-3))
                shapes[lid] = list(shapes[ins[0]])
            elif t == "Dense":
                lin = nn.Linear(shapes[ins[0]][-1], l["units"], bias=l.get("useBias", True) is not False)
                nn.init.xavier_uniform_(lin.weight)
                if lin.bias is not None:
                    nn.init.zeros_(lin.bias)
                a = l.get("activation", "linear")
                last = i == len(layers) - 1
                if last and a == "softmax" and loss == "sparse_categorical_crossentropy":
                    self.fold_softmax = True
                    a = "linear"
                self.mods[key] = nn.Sequential(lin, act_module(a)) if act_module(a) else lin
                shapes[lid] = shapes[ins[0]][:-1] + [l["units"]]
            elif t == "GlobalAveragePooling1D":
                shapes[lid] = [shapes[ins[0]][-1]]
            self.order.append((lid, t, ins, key))

    def forward(self, x):
        mask = (x != 0) if self.mask_zero else None  # [N, T] True = real token
        vals = {}
        for lid, t, ins, key in self.order:
            if t == "Input":
                vals[lid] = x
                continue
            a = [vals[i] for i in ins]
            if t == "PositionEmbedding":
                y = a[0] + self.tables[key]
            elif t == "MultiHeadAttention":
                y, _ = self.mods[key](a[0], a[0], a[0], key_padding_mask=None if mask is None else ~mask, need_weights=False)
            elif t == "Add":
                y = a[0]
                for b in a[1:]:
                    y = y + b
            elif t == "GlobalAveragePooling1D":
                if mask is None:
                    y = a[0].mean(1)
                else:
                    m = mask.unsqueeze(-1).to(a[0].dtype)
                    y = (a[0] * m).sum(1) / m.sum(1)
            else:
                y = self.mods[key](a[0])
            vals[lid] = y
        return y


def make_optimizer(o, params):
    t = o["type"]
    if t == "adam":
        return torch.optim.Adam(params, lr=o.get("lr", 1e-3), betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)), eps=o.get("epsilon", 1e-7))
    if t == "sgd":
        return torch.optim.SGD(params, lr=o.get("lr", 0.01), momentum=o.get("momentum", 0.0), nesterov=bool(o.get("nesterov", False)))
    if t == "rmsprop":
        return torch.optim.RMSprop(params, lr=o.get("lr", 1e-3), alpha=o.get("rho", 0.9), eps=o.get("epsilon", 1e-7))
    if t == "adagrad":
        return torch.optim.Adagrad(params, lr=o.get("lr", 1e-3), initial_accumulator_value=o.get("initialAccumulator", 0.1), eps=o.get("epsilon", 1e-7))
    raise ValueError(f"optimizer {t} has no torch mapping")


def run_case(c):
    torch.manual_seed(1)
    if needs_graph(c["layers"]):
        model = GraphModel(c["layers"], c["loss"])
        in_shape, dtype, vocab, fold = model.input_shape, model.dtype, getattr(model, "vocab", None), model.fold_softmax
    else:
        model, in_shape, dtype, vocab, fold = build(c["layers"], c["loss"])
    model.train()
    batch = int(c["batch"])
    rows = max(batch, (int(c.get("rows") or 4096) // batch) * batch)
    g = torch.Generator().manual_seed(12345)
    if dtype == "int32":
        x = torch.randint(1, vocab, [rows] + in_shape, generator=g, dtype=torch.long)
    else:
        x = torch.rand([rows] + in_shape, generator=g) * 2 - 1
    last = c["layers"][-1]
    classes = last.get("units", 1) if last["type"] == "Dense" else 1
    if c["loss"] == "mse":
        y = torch.rand([rows, classes], generator=g)
        loss_fn = nn.MSELoss()
    elif c["loss"] == "sparse_categorical_crossentropy":
        y = torch.randint(0, classes, [rows], generator=g)
        if fold:
            loss_fn = nn.CrossEntropyLoss()
        else:
            nll = nn.NLLLoss()
            loss_fn = lambda out, t: nll(torch.log(out.clamp_min(1e-7)), t)  # noqa: E731
    else:
        raise ValueError(f"loss {c['loss']} has no torch mapping")
    opt = make_optimizer(c["optimizer"], model.parameters())
    spe = rows // batch
    state = {"cursor": 0, "loss": None}

    def run(steps):
        for _ in range(steps):
            b = state["cursor"] * batch
            state["cursor"] = (state["cursor"] + 1) % spe
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(x[b : b + batch]), y[b : b + batch])
            loss.backward()
            opt.step()
            state["loss"] = loss
        v = float(state["loss"].item())
        if v != v:
            raise RuntimeError("loss is NaN")

    target = float(c.get("targetSeconds", 1.5))
    t0 = time.perf_counter()
    run(1)
    if time.perf_counter() - t0 < 2 * target:
        run(2)
    per = seconds_per_step(run, target)
    steps = max(2 if per > 2 else 3, round(target / max(per, 1e-6)))
    times = timed_runs(run, steps, int(c.get("repeats", 3)))
    samples = [steps * batch / s for s in times]
    ms = [1000 * s / steps for s in times]
    return {
        "case": c["id"],
        "ok": True,
        "samplesPerSec": median(samples),
        "samples": samples,
        "msPerStep": sorted(ms)[len(ms) // 2],
        "steps": steps,
        "rows": rows,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "inputShape": in_shape,
        "softmaxFoldedIntoLoss": fold,
        "params": sum(p.numel() for p in model.parameters()),
        "graphModel": isinstance(model, GraphModel),
    }


def median(xs):
    srt = sorted(xs)
    n = len(srt)
    return srt[n // 2] if n % 2 else (srt[n // 2 - 1] + srt[n // 2]) / 2


def seconds_per_step(run, target):
    """Calibration: doubles k until run(k) lasts a fifth of `target` seconds; the time per step."""
    k = 1
    while True:
        t0 = time.perf_counter()
        run(k)
        dt = time.perf_counter() - t0
        if dt >= target / 5 or k >= 1 << 16:
            return dt / k
        k *= 2


def timed_runs(run, steps, repeats):
    """Seconds of `repeats` timed runs of `steps` steps each."""
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        run(steps)
        out.append(time.perf_counter() - t0)
    return out


def run_matmul(c):
    """torch.mm of two n x n float32 matrices: the CPU's native BLAS peak on these cores, in GFLOP/s.

    Timed with torch's default thread count and with 1 thread (on a busy machine the threads'
    barriers can cost more than the second core brings); the better of the two is reported.
    """
    n = int(c["matmul"])
    g = torch.Generator().manual_seed(777)
    a = torch.rand([n, n], generator=g) * 2 - 1
    b = torch.rand([n, n], generator=g) * 2 - 1
    out = torch.empty([n, n])
    target = float(c.get("targetSeconds", 1.5))

    def run(steps):
        for _ in range(steps):
            torch.mm(a, b, out=out)

    def measure():
        run(1)
        steps = max(2, round(target / max(seconds_per_step(run, target), 1e-6)))
        samples = [2 * n**3 * steps / s / 1e9 for s in timed_runs(run, steps, int(c.get("repeats", 3)))]
        return median(samples), samples, steps

    default_threads = torch.get_num_threads()
    by_threads = {}
    best = None
    for th in sorted({default_threads, 1}, reverse=True):
        torch.set_num_threads(th)
        med, samples, steps = measure()
        by_threads[str(th)] = med
        if best is None or med > best[0]:
            best = (med, samples, steps, th)
    torch.set_num_threads(default_threads)
    err = float((out[0, :8] - a[0] @ b[:, :8]).abs().max())
    if not err < 1e-2:
        raise RuntimeError(f"torch.mm result is off by {err}")
    med, samples, steps, th = best
    return {"case": c["id"], "ok": True, "gflops": med, "samples": samples, "steps": steps, "n": n, "threads": th, "gflopsByThreads": by_threads, "torch": torch.__version__}


def main():
    doc = json.load(sys.stdin)
    for c in doc["cases"]:
        try:
            out = run_matmul(c) if "matmul" in c else run_case(c)
        except Exception as e:  # one bad case must not hide the others
            out = {"case": c.get("id"), "ok": False, "error": f"{type(e).__name__}: {e}", "threads": torch.get_num_threads(), "torch": torch.__version__}
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
