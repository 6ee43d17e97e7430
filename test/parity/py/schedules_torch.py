"""PyTorch side of test/parity/schedules.test.ts: the learning rate of each step under
SequentialLR([LinearLR(start_factor, total_iters=W), main], milestones=[W]).

stdin JSON: {"cases": [{"name", "base", "steps", "warmupSteps", "warmupStart", "main": {"kind":
"constant"} | {"kind": "exponential", "gamma"} | {"kind": "cosine", "T_max", "eta_min"} |
{"kind": "onecycle", "max_lr", "total_steps", "pct_start", "div_factor", "final_div_factor"}}]}
(warmupSteps 0: the main scheduler alone).
Last stdout line: {"results": {name: [lr used by step 0, 1, ...]}}.
"""
import json
import sys
import warnings

import torch

warnings.filterwarnings("ignore")


def main_scheduler(opt, m):
    if m["kind"] == "constant":
        return torch.optim.lr_scheduler.LambdaLR(opt, lambda _: 1.0)
    if m["kind"] == "onecycle":
        return torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=m["max_lr"], total_steps=m["total_steps"], pct_start=m["pct_start"], div_factor=m["div_factor"], final_div_factor=m["final_div_factor"], anneal_strategy="cos", cycle_momentum=False)
    if m["kind"] == "exponential":
        return torch.optim.lr_scheduler.ExponentialLR(opt, gamma=m["gamma"])
    return torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=m["T_max"], eta_min=m["eta_min"])


def run(c):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=c["base"])
    if c["warmupSteps"]:
        warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=c["warmupStart"], end_factor=1.0, total_iters=c["warmupSteps"])
        sched = torch.optim.lr_scheduler.SequentialLR(opt, [warm, main_scheduler(opt, c["main"])], milestones=[c["warmupSteps"]])
    else:
        sched = main_scheduler(opt, c["main"])
    out = []
    for _ in range(c["steps"]):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


cases = json.load(sys.stdin)["cases"]
print(json.dumps({"results": {c["name"]: run(c) for c in cases}}))
