"""Runs an exported model.py in training mode (model.train()) on inputs of ones, for the random
training-only layers' PyTorch behaviour (test/export/noise-torch.test.ts).

stdin JSON: {dir, shape: [N, ...] (channels-last, the playground's layout), seed}. An image model is
built with Model(channels_last=True) so its inputs and outputs keep the playground's layout; the
(parameter-free) state is loaded strictly from weights.safetensors. Prints JSON: {shape, y} (y flat).
"""
import importlib.util
import json
import sys

import torch
from safetensors.torch import load_file

args = json.load(sys.stdin)
spec = importlib.util.spec_from_file_location("exported_model", f"{args['dir']}/model.py")
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
torch.manual_seed(int(args["seed"]))
model = mod.Model(channels_last=True) if len(args["shape"]) == 4 else mod.Model()
model.load_state_dict(load_file(f"{args['dir']}/weights.safetensors"), strict=True)
model.train()
with torch.no_grad():
    y = model(torch.ones(*args["shape"]), final_activation=False)
print(json.dumps({"shape": list(y.shape), "y": y.contiguous().reshape(-1).tolist()}))
