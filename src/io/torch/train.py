"""Continue training a model exported from the WebGPU playground, in PyTorch.

    python train.py                                   # one process (CPU, or the first GPU)
    torchrun --standalone --nproc_per_node=N train.py # DistributedDataParallel: gloo on CPU, nccl on GPUs

Reads model.py (the graph), weights.safetensors (where the playground stopped), data.safetensors
(the playground's own training split) and train.json (optimizer, loss, batch size, epochs, seed).
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
from model import Model  # noqa: E402


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
    return p.parse_args()


def make_optimizer(model, cfg):
    o = cfg["optimizer"]
    decay_names = set(cfg["decay"])
    wd = cfg.get("weightDecay") or 0.0
    decay = [p for n, p in model.named_parameters() if n in decay_names]
    other = [p for n, p in model.named_parameters() if n not in decay_names]
    groups = [{"params": decay, "weight_decay": wd}, {"params": other, "weight_decay": 0.0}]
    if o["type"] == "adam":
        return torch.optim.Adam(groups, lr=o["lr"], betas=(o["beta1"], o["beta2"]), eps=o["epsilon"])
    if o["type"] == "sgd":
        return torch.optim.SGD(groups, lr=o["lr"], momentum=o["momentum"], nesterov=o["nesterov"])
    if o["type"] == "rmsprop":
        return torch.optim.RMSprop(groups, lr=o["lr"], alpha=o["rho"], eps=o["epsilon"])
    if o["type"] == "adagrad":
        return torch.optim.Adagrad(groups, lr=o["lr"], initial_accumulator_value=o["initialAccumulator"], eps=o["epsilon"])
    raise SystemExit(f"unknown optimizer {o['type']}")


def loss_and_correct(loss_name, out, y):
    """Sum of per-sample losses and the number of correct predictions (as the playground counts)."""
    if loss_name == "sparse_categorical_crossentropy":
        return F.cross_entropy(out, y, reduction="sum"), (out.argmax(-1) == y).sum()
    if loss_name == "categorical_crossentropy":
        return F.cross_entropy(out, y, reduction="sum"), (out.argmax(-1) == y.argmax(-1)).sum()
    if loss_name == "binary_crossentropy":
        per = F.binary_cross_entropy_with_logits(out, y, reduction="none").reshape(len(y), -1).mean(1)
        return per.sum(), ((out > 0).float() == y).reshape(len(y), -1).all(1).sum()
    per = F.mse_loss(out, y, reduction="none").reshape(len(y), -1).mean(1)
    return per.sum(), torch.zeros((), dtype=torch.long)


@torch.no_grad()
def evaluate(model, loss_name, x, y, device, batch=512):
    model.eval()
    total, correct = 0.0, 0
    for i in range(0, len(x), batch):
        xb, yb = x[i : i + batch].to(device), y[i : i + batch].to(device)
        s, c = loss_and_correct(loss_name, model(xb, final_activation=False), yb)
        total += float(s)
        correct += int(c)
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
    if cfg["loss"] == "sparse_categorical_crossentropy":
        y = y.long()
    if args.limit:
        x, y = x[: args.limit], y[: args.limit]

    initial_loss, initial_acc = evaluate(model, cfg["loss"], x, y, device)
    if rank == 0:
        print(f"start: loss {initial_loss:.4f}  acc {initial_acc:.4f}  (the playground's last epoch: loss {cfg.get('lastLoss')})", flush=True)

    dataset = TensorDataset(x, y)
    per_rank = max(1, args.batch // world)
    sampler = DistributedSampler(dataset, shuffle=True, seed=cfg["seed"]) if distributed else None
    loader = DataLoader(dataset, batch_size=per_rank, shuffle=sampler is None, sampler=sampler, generator=torch.Generator().manual_seed(cfg["seed"]))
    net = DistributedDataParallel(model) if distributed else model
    optimizer = make_optimizer(model, cfg)
    clip = cfg.get("clipNorm") or 0.0

    history = []
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        started = time.time()
        sums = torch.zeros(3, dtype=torch.float64)
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            s, c = loss_and_correct(cfg["loss"], net(xb, final_activation=False), yb)
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

    final_loss, final_acc = evaluate(model, cfg["loss"], x, y, device)
    if rank == 0:
        save_file({k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}, args.out, metadata={"format": "pt"})
        print(f"end: loss {final_loss:.4f}  acc {final_acc:.4f}; wrote {args.out}", flush=True)
        if args.json:
            print(json.dumps({"world_size": world, "initial_loss": initial_loss, "initial_accuracy": initial_acc, "epochs": history, "final_loss": final_loss, "final_accuracy": final_acc, "out": args.out}))
    if distributed:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
