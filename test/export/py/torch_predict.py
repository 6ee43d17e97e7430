"""Loads an exported model.py + weights.safetensors strictly into PyTorch and predicts on fixed inputs.

stdin JSON: {dir, weights (file name in dir), inputs: [{path, shape, dtype}], out (path for the
float32 predictions), channels_last (optional)}. Prints JSON: {shape, state_dict_keys}.
Images ([N, H, W, C] float32 files, the playground's layout) are given to model.py NCHW, as it
takes them by default, and image outputs come back channels-last; with channels_last the model is
built with Model(channels_last=True) and takes the files as they are.
"""
import importlib.util
import json
import sys

import numpy as np
import torch
from safetensors.torch import load_file

args = json.load(sys.stdin)
spec = importlib.util.spec_from_file_location("exported_model", f"{args['dir']}/model.py")
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
torch.manual_seed(0)
channels_last = bool(args.get("channels_last"))
model = mod.Model(channels_last=True) if channels_last else mod.Model()
wfile = f"{args['dir']}/{args.get('weights', 'weights.safetensors')}"
state = mod.load_int8_state_dict(wfile) if "int8" in wfile else load_file(wfile)
model.load_state_dict(state, strict=True)
model.eval()
xs = []
for inp in args["inputs"]:
    arr = np.fromfile(inp["path"], dtype=np.int32 if inp["dtype"] == "int32" else np.float32).reshape(inp["shape"])
    x = torch.from_numpy(arr)
    xs.append(x.permute(0, 3, 1, 2).contiguous() if x.dim() == 4 and x.is_floating_point() and not channels_last else x)
with torch.no_grad():
    pred = model.predict(*xs).double()
    if pred.dim() == 4 and not channels_last:
        pred = pred.permute(0, 2, 3, 1)
    pred = pred.contiguous().numpy()
pred.astype(np.float64).tofile(args["out"])
print(json.dumps({"shape": list(pred.shape), "state_dict_keys": sorted(model.state_dict().keys())}))
