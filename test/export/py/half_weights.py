"""Reads weights.safetensors in `dir`, writes it back as F16 (model.half()), BF16 and F64 (with
values between two float32s, so rounding shows), and each of those cast back to float32 by PyTorch
(the values our import must produce). JSON in on stdin: {dir}; prints the file names."""
import json
import sys

import torch
from safetensors.torch import load_file, save_file

args = json.load(sys.stdin)
d = args["dir"]
sd = load_file(f"{d}/weights.safetensors")
g = torch.Generator().manual_seed(0)
out = {}
for name, dtype in (("f16", torch.float16), ("bf16", torch.bfloat16), ("f64", torch.float64)):
    cast = {k: v.to(dtype) for k, v in sd.items()}
    if dtype == torch.float64:
        cast = {k: v + torch.randn(v.shape, generator=g, dtype=torch.float64) * 1e-9 for k, v in cast.items()}
    save_file(cast, f"{d}/{name}.safetensors")
    save_file({k: v.float() for k, v in cast.items()}, f"{d}/{name}-as-f32.safetensors")
    out[name] = sorted({str(v.dtype) for v in cast.values()})
print(json.dumps(out))
