"""PyTorch (float64) side of test/parity/attention.test.ts.

stdin JSON: {"sdpa": [...], "mha": [...]}
  sdpa case: {"name", "N", "H", "T", "DK", "causal": bool, "ids": [N*T] | null,
              "q", "k", "v", "do": [N*T*H*DK] each, in the engine layout [N, T, H*DK]}
    -> F.scaled_dot_product_attention on [N, H, T, DK] views (is_causal, or a boolean attn_mask
       when a key padding mask is given: True = may attend); o and the gradients of sum(o * do)
       with respect to q, k, v, all back in the engine layout.
  mha case: {"name", "N", "T", "D", "H", "causal", "bias": bool, "ids": [N*T] | null, "x": [N*T*D],
             "dy": [N*T*D], "wq", "wk", "wv", "wo": Keras layout [in, out], "bq", "bk", "bv", "bo"}
    -> nn.MultiheadAttention(D, H, batch_first=True) with in_proj_weight = [Wqᵀ; Wkᵀ; Wvᵀ] [3D, D],
       out_proj.weight = Woᵀ; self-attention mha(x, x, x, key_padding_mask = ids == 0,
       attn_mask = causal upper triangle); y and the gradients of sum(y * dy) with respect to x and
       every weight, returned in the Keras layout.
  layernorm case: {"name", "R", "C", "eps", "x", "gamma", "beta", "dy"} -> nn.LayerNorm(C, eps): y, dx,
             dgamma, dbeta of sum(y * dy).
  gelu case: {"name", "x", "dy"} -> F.gelu (exact erf form): y, dx.
Last stdout line: {"sdpa": [{"name", "o", "dq", "dk", "dv"}], "mha": [{"name", "y", "dx", "grads": {...}}],
  "layernorm": [{"name", "y", "dx", "dgamma", "dbeta"}], "gelu": [{"name", "y", "dx"}]}.
"""
import json
import sys

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
f64 = torch.float64


def t(v, *shape):
    return torch.tensor(v, dtype=f64).reshape(*shape)


def sdpa(c):
    N, H, T, DK = c["N"], c["H"], c["T"], c["DK"]
    # engine [N, T, H*DK] -> [N, H, T, DK]
    q, k, v = (t(c[n], N, T, H, DK).transpose(1, 2).contiguous().requires_grad_(True) for n in ("q", "k", "v"))
    mask = None
    if c["ids"] is not None:
        keep = t(c["ids"], N, T) != 0  # [N, T] keys that may be attended
        mask = keep[:, None, None, :].expand(N, 1, T, T)
        if c["causal"]:
            mask = mask & torch.ones(T, T, dtype=torch.bool).tril()
    o = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, is_causal=c["causal"] and mask is None)
    do = t(c["do"], N, T, H, DK).transpose(1, 2)
    (o * do).sum().backward()
    back = lambda a: a.transpose(1, 2).reshape(-1).tolist()
    return {"name": c["name"], "o": back(o.detach()), "dq": back(q.grad), "dk": back(k.grad), "dv": back(v.grad)}


def mha(c):
    N, T, D, H = c["N"], c["T"], c["D"], c["H"]
    m = torch.nn.MultiheadAttention(D, H, bias=c["bias"], batch_first=True, dtype=f64)
    with torch.no_grad():
        m.in_proj_weight.copy_(torch.cat([t(c[w], D, D).T for w in ("wq", "wk", "wv")], 0))
        m.out_proj.weight.copy_(t(c["wo"], D, D).T)
        if c["bias"]:
            m.in_proj_bias.copy_(torch.cat([t(c[b], D) for b in ("bq", "bk", "bv")], 0))
            m.out_proj.bias.copy_(t(c["bo"], D))
    x = t(c["x"], N, T, D).requires_grad_(True)
    kpm = (t(c["ids"], N, T) == 0) if c["ids"] is not None else None
    am = torch.ones(T, T, dtype=torch.bool).triu(1) if c["causal"] else None
    y, _ = m(x, x, x, key_padding_mask=kpm, attn_mask=am, need_weights=False)
    (y * t(c["dy"], N, T, D)).sum().backward()
    g = m.in_proj_weight.grad  # [3D, D]
    grads = {
        "query_weight": g[:D].T.reshape(-1).tolist(),
        "key_weight": g[D : 2 * D].T.reshape(-1).tolist(),
        "value_weight": g[2 * D :].T.reshape(-1).tolist(),
        "output_weight": m.out_proj.weight.grad.T.reshape(-1).tolist(),
    }
    if c["bias"]:
        gb = m.in_proj_bias.grad
        grads.update({"query_bias": gb[:D].tolist(), "key_bias": gb[D : 2 * D].tolist(), "value_bias": gb[2 * D :].tolist(), "output_bias": m.out_proj.bias.grad.tolist()})
    return {"name": c["name"], "y": y.detach().reshape(-1).tolist(), "dx": x.grad.reshape(-1).tolist(), "grads": grads}


def layernorm(c):
    R, C = c["R"], c["C"]
    m = torch.nn.LayerNorm(C, eps=c["eps"], dtype=f64)
    with torch.no_grad():
        m.weight.copy_(t(c["gamma"], C))
        m.bias.copy_(t(c["beta"], C))
    x = t(c["x"], R, C).requires_grad_(True)
    y = m(x)
    (y * t(c["dy"], R, C)).sum().backward()
    return {"name": c["name"], "y": y.detach().reshape(-1).tolist(), "dx": x.grad.reshape(-1).tolist(), "dgamma": m.weight.grad.tolist(), "dbeta": m.bias.grad.tolist()}


def gelu(c):
    x = t(c["x"], -1).requires_grad_(True)
    y = F.gelu(x)
    (y * t(c["dy"], -1)).sum().backward()
    return {"name": c["name"], "y": y.detach().tolist(), "dx": x.grad.tolist()}


def main():
    req = json.load(sys.stdin)
    print(json.dumps({
        "sdpa": [sdpa(c) for c in req.get("sdpa", [])],
        "mha": [mha(c) for c in req.get("mha", [])],
        "layernorm": [layernorm(c) for c in req.get("layernorm", [])],
        "gelu": [gelu(c) for c in req.get("gelu", [])],
    }))


if __name__ == "__main__":
    main()
