"""Continue training a model exported from the WebGPU playground, in PyTorch.

    python train.py                                   # one process (CPU, or the first GPU)
    torchrun --standalone --nproc_per_node=N train.py # DistributedDataParallel: gloo on CPU, nccl on GPUs

Reads model.py (the graph), weights.safetensors (where the playground stopped), data.safetensors
(the playground's own training split; images NCHW, as model.py takes them) and train.json
(optimizer, loss, batch size, epochs, seed).
Writes the continued weights as safetensors (same names and layouts), which the playground imports.
"""
import argparse
import json
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F
from safetensors.torch import load_file, save_file
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, DistributedSampler, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Model, loss_terms  # noqa: E402


def load_config():
    with open(os.path.join(HERE, "train.json"), encoding="utf-8") as f:
        return json.load(f)


def parse_args(cfg):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--epochs", type=int, default=cfg["epochs"], help="epochs to train (default: the playground's)")
    p.add_argument("--batch", type=int, default=cfg["batchSize"], help="global batch size (split across processes)")
    p.add_argument("--limit", type=int, default=0, help="train on the first N samples only (0 = all)")
    p.add_argument("--weights", default=os.path.join(HERE, "weights.safetensors"))
    p.add_argument("--out", default=os.path.join(HERE, "weights-continued.safetensors"))
    p.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    p.add_argument("--fresh-optimizer", action="store_true", help="ignore optimizer.safetensors: start the optimizer's state over")
    return p.parse_args()


class PlaygroundOptimizer(torch.optim.Optimizer):
    """The playground's update rules (Keras 3's), so training continues exactly as it would there.

    With g = grad + weight_decay * p (L2 on kernels only, after clipping):
      sgd       p -= lr * g                      momentum  v = mu * v - lr * g;  p += v
      nesterov  v = mu * v - lr * g;  p += mu * v - lr * g
      adagrad   a += g^2;  p -= lr * g / sqrt(a + eps)         (a starts at the initial accumulator)
      rmsprop   v = rho * v + (1 - rho) * g^2;  p -= lr * g / sqrt(v + eps)
      adam      m = b1 * m + (1 - b1) * g;  v = b2 * v + (1 - b2) * g^2;
                p -= lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)
                (amsgrad: vhat = max(vhat, v) in place of v under the root)
      adamw     p -= lr * weightDecay * p (decoupled, every weight), then adam
      adamax    m as adam;  u = max(b2 * u, |g| + eps);  p -= lr / (1 - b1^t) * m / u     (torch.optim.Adamax)
      nadam     torch.optim.NAdam: mu_t = b1 * (1 - 0.5 * 0.96^(t * momentumDecay)), m and v as adam,
                p -= (lr * (1 - mu_t) / (1 - prod mu_1..t) * g + lr * mu_t+1 / (1 - prod mu_1..t+1) * m) / (sqrt(v / (1 - b2^t)) + eps)
      adadelta  v = rho * v + (1 - rho) * g^2;  d = sqrt(u + eps) / sqrt(v + eps) * g;  u = rho * u + (1 - rho) * d^2;  p -= lr * d
      lion      p -= lr * weightDecay * p;  p -= lr * sign(b1 * m + (1 - b1) * g);  m = b2 * m + (1 - b2) * g   (Keras 3's Lion)
    PyTorch's own RMSprop, Adagrad and Adam put epsilon elsewhere, which changes small updates.
    """

    def __init__(self, groups, o):
        super().__init__(groups, dict(lr=o["lr"], weight_decay=0.0))
        self.o = o
        self.t = 0

    def load_playground_state(self, model, tensors, step):
        """The playground's slots (tensors `<slot>.<parameter name>`) and its step count."""
        for name, p in model.named_parameters():
            for key, value in tensors.items():
                slot, _, param = key.partition(".")
                if param == name:
                    if value.shape != p.shape:
                        raise SystemExit(f"optimizer state {key} has shape {list(value.shape)}, the weight {list(p.shape)}")
                    self.state[p][slot] = value.to(p.device, p.dtype).clone()
        self.t = step

    @torch.no_grad()
    def step(self, closure=None):
        o, kind = self.o, self.o["type"]
        self.t += 1
        for group in self.param_groups:
            lr, wd = group["lr"], group["weight_decay"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                g = p.grad + wd * p if wd else p.grad
                st = self.state[p]
                if kind == "sgd":
                    mu = o["momentum"]
                    if mu > 0:
                        v = st.setdefault("v", torch.zeros_like(p))
                        v.mul_(mu).sub_(lr * g)
                        p.add_(mu * v - lr * g if o["nesterov"] else v)
                    else:
                        p.sub_(lr * g)
                elif kind == "adagrad":
                    a = st.setdefault("a", torch.full_like(p, o["initialAccumulator"]))
                    a.add_(g * g)
                    p.sub_(lr * g / torch.sqrt(a + o["epsilon"]))
                elif kind == "rmsprop":
                    v = st.setdefault("v", torch.zeros_like(p))
                    v.mul_(o["rho"]).add_((1 - o["rho"]) * g * g)
                    p.sub_(lr * g / torch.sqrt(v + o["epsilon"]))
                elif kind == "adam" or kind == "adamw":
                    if kind == "adamw":
                        p.sub_(lr * o["weightDecay"] * p)
                    m = st.setdefault("m", torch.zeros_like(p))
                    v = st.setdefault("v", torch.zeros_like(p))
                    b1, b2 = o["beta1"], o["beta2"]
                    m.mul_(b1).add_((1 - b1) * g)
                    v.mul_(b2).add_((1 - b2) * g * g)
                    if o.get("amsgrad"):
                        vhat = st.setdefault("vhat", torch.zeros_like(p))
                        torch.maximum(vhat, v, out=vhat)
                        v = vhat
                    alpha = lr * (1 - b2**self.t) ** 0.5 / (1 - b1**self.t)
                    p.sub_(alpha * m / (torch.sqrt(v) + o["epsilon"]))
                elif kind == "adamax":
                    m = st.setdefault("m", torch.zeros_like(p))
                    u = st.setdefault("u", torch.zeros_like(p))
                    m.mul_(o["beta1"]).add_((1 - o["beta1"]) * g)
                    torch.maximum(u * o["beta2"], g.abs() + o["epsilon"], out=u)
                    p.sub_(lr / (1 - o["beta1"] ** self.t) * m / u)
                elif kind == "nadam":
                    m = st.setdefault("m", torch.zeros_like(p))
                    v = st.setdefault("v", torch.zeros_like(p))
                    b1, b2 = o["beta1"], o["beta2"]
                    mu = [b1 * (1 - 0.5 * 0.96 ** (i * o["momentumDecay"])) for i in range(1, self.t + 2)]
                    prod = 1.0
                    for x in mu[:-1]:
                        prod *= x
                    m.mul_(b1).add_((1 - b1) * g)
                    v.mul_(b2).add_((1 - b2) * g * g)
                    d = torch.sqrt(v / (1 - b2**self.t)) + o["epsilon"]
                    p.sub_((lr * (1 - mu[-2]) / (1 - prod) * g + lr * mu[-1] / (1 - prod * mu[-1]) * m) / d)
                elif kind == "adadelta":
                    v = st.setdefault("v", torch.zeros_like(p))
                    u = st.setdefault("u", torch.zeros_like(p))
                    rho, eps = o["rho"], o["epsilon"]
                    v.mul_(rho).add_((1 - rho) * g * g)
                    d = torch.sqrt(u + eps) / torch.sqrt(v + eps) * g
                    u.mul_(rho).add_((1 - rho) * d * d)
                    p.sub_(lr * d)
                elif kind == "lion":
                    m = st.setdefault("m", torch.zeros_like(p))
                    p.sub_(lr * o["weightDecay"] * p)
                    p.sub_(lr * torch.sign(o["beta1"] * m + (1 - o["beta1"]) * g))
                    m.mul_(o["beta2"]).add_((1 - o["beta2"]) * g)
                else:
                    raise SystemExit(f"unknown optimizer {kind}")


KNOWN = ("sgd", "adagrad", "rmsprop", "adam", "adamw", "adamax", "nadam", "adadelta", "lion")


def make_optimizer(model, cfg):
    o = cfg["optimizer"]
    if o["type"] not in KNOWN:
        raise SystemExit(f"unknown optimizer {o['type']}")
    decay_names = set(cfg["decay"])
    wd = cfg.get("weightDecay") or 0.0
    decay = [p for n, p in model.named_parameters() if n in decay_names]
    other = [p for n, p in model.named_parameters() if n not in decay_names]
    groups = [{"params": decay, "weight_decay": wd}, {"params": other, "weight_decay": 0.0}]
    return PlaygroundOptimizer(groups, o)


def loss_and_correct(out, y):
    """Sum of per-sample losses and the number of correct predictions (as the playground counts).

    model.py's loss_terms holds the loss (generated from the playground's loss table). A
    per-position output [N, T, C] (a language model) scores each sample by its mean over positions,
    and counts the fraction of positions it gets right.
    """
    per, correct = loss_terms(out, y)
    return per.sum(), correct


@torch.no_grad()
def evaluate(model, x, y, device, batch=512):
    model.eval()
    total, correct = 0.0, 0
    for i in range(0, len(x), batch):
        xb, yb = x[i : i + batch].to(device), y[i : i + batch].to(device)
        s, c = loss_and_correct(model(xb, final_activation=False), yb)
        total += float(s)
        correct += float(c)
    model.train()
    return total / max(1, len(x)), correct / max(1, len(x))


def main():
    cfg = load_config()
    args = parse_args(cfg)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    distributed = world > 1
    rank = 0
    if distributed:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
        rank = dist.get_rank()
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = torch.device(f"cuda:{local}" if torch.cuda.is_available() else "cpu")
    if device.type == "cuda":
        torch.cuda.set_device(device)
    torch.manual_seed(cfg["seed"])

    model = Model()
    model.load_state_dict(load_file(args.weights), strict=True)
    model.to(device)
    data = load_file(os.path.join(HERE, "data.safetensors"))
    x, y = data["x_train"], data["y_train"]
    if cfg["inputDtype"] == "int32":
        x = x.long()
    if args.limit:
        x, y = x[: args.limit], y[: args.limit]

    initial_loss, initial_acc = evaluate(model, x, y, device)
    if rank == 0:
        print(f"start: loss {initial_loss:.4f}  acc {initial_acc:.4f}  (the playground's last epoch: loss {cfg.get('lastLoss')})", flush=True)

    dataset = TensorDataset(x, y)
    per_rank = max(1, args.batch // world)
    sampler = DistributedSampler(dataset, shuffle=True, seed=cfg["seed"]) if distributed else None
    loader = DataLoader(dataset, batch_size=per_rank, shuffle=sampler is None, sampler=sampler, generator=torch.Generator().manual_seed(cfg["seed"]))
    net = DistributedDataParallel(model) if distributed else model
    optimizer = make_optimizer(model, cfg)
    if cfg.get("optimizerState") and not args.fresh_optimizer:
        optimizer.load_playground_state(model, load_file(os.path.join(HERE, cfg["optimizerState"])), int(cfg.get("step", 0)))
    clip = cfg.get("clipNorm") or 0.0

    history = []
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        started = time.time()
        sums = torch.zeros(3, dtype=torch.float64)
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            s, c = loss_and_correct(net(xb, final_activation=False), yb)
            optimizer.zero_grad()
            (s / len(xb)).backward()
            if clip > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            optimizer.step()
            sums += torch.tensor([float(s), float(c), len(xb)], dtype=torch.float64)
        if distributed:
            dist.all_reduce(sums)
        loss, acc = float(sums[0] / sums[2]), float(sums[1] / sums[2])
        history.append({"epoch": epoch + 1, "loss": loss, "accuracy": acc, "seconds": time.time() - started})
        if rank == 0:
            print(f"epoch {epoch + 1}/{args.epochs}  loss {loss:.4f}  acc {acc:.4f}  ({int(sums[2])} samples, {world} process{'es' if world > 1 else ''})", flush=True)

    final_loss, final_acc = evaluate(model, x, y, device)
    if rank == 0:
        # BatchNorm's num_batches_tracked goes out as float32, as the playground's export writes it
        # (its imports read float tensors); load_state_dict casts it back. Note PyTorch's running_var
        # is updated with the unbiased batch variance, the playground's (Keras's) with the biased one.
        state = {k: (v.float() if k.endswith(".num_batches_tracked") else v) for k, v in model.state_dict().items()}
        save_file({k: v.detach().cpu().contiguous() for k, v in state.items()}, args.out, metadata={"format": "pt"})
        print(f"end: loss {final_loss:.4f}  acc {final_acc:.4f}; wrote {args.out}", flush=True)
        if args.json:
            print(json.dumps({"world_size": world, "initial_loss": initial_loss, "initial_accuracy": initial_acc, "epochs": history, "final_loss": final_loss, "final_accuracy": final_acc, "out": args.out}))
    if distributed:
        # Both ranks reach the teardown together: rank 1 tearing gloo down while rank 0 still writes
        # the weights made rank 0's gloo thread abort ("terminate called without an active exception").
        dist.barrier()
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
