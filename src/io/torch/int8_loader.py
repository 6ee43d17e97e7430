def load_int8_state_dict(path):
    """A state_dict from the int8 export (weights-int8.safetensors): each int8 tensor q has a float32
    q.scale beside it, one per output channel (dim 0); the weight is q * scale."""
    from safetensors.torch import load_file
    raw = load_file(path)
    out = {}
    for name, t in raw.items():
        if name.endswith(".scale"):
            continue
        scale = raw.get(name + ".scale")
        out[name] = t if scale is None else t.float() * scale.view(-1, *([1] * (t.dim() - 1)))
    return out
