"""PyTorch (float64) side of test/parity/recurrent-torch.test.ts.

stdin JSON: {"cases": [{"name", "kind": "SimpleRNN"|"LSTM"|"GRU", "bidirectional": bool,
  "merge": "concat"|"sum", "seq": bool, "bias": bool, "nonlinearity": "tanh"|"relu",
  "B", "T", "F", "U", "x": [B*T*F], "dy": [output size], "tensors": {name: [values]}}]}
(tensors in PyTorch layout, names as nn.RNN/LSTM/GRU's state_dict). For each case: y, the
gradient of sum(y * dy) with respect to x and to every tensor. Output as with returnSequences:
the full output [B, T, D*U]; without it the final states [h_n forward, h_n backward] (Keras's
Bidirectional semantics; output[:, -1] would be wrong for the reverse direction). merge "sum"
adds the two directions' halves. Last stdout line: {"results": [{"name", "y", "dx", "grads"}]}.
"""
import json
import sys

import torch

torch.set_num_threads(1)


def run(c):
    B, T, F, U = c["B"], c["T"], c["F"], c["U"]
    cls = {"SimpleRNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[c["kind"]]
    kw = {"nonlinearity": c.get("nonlinearity", "tanh")} if c["kind"] == "SimpleRNN" else {}
    m = cls(F, U, num_layers=1, bias=c["bias"], batch_first=True, bidirectional=c["bidirectional"], **kw).double()
    sd = m.state_dict()
    assert set(sd.keys()) == set(c["tensors"].keys()), (sorted(sd.keys()), sorted(c["tensors"].keys()))
    m.load_state_dict({k: torch.tensor(v, dtype=torch.float64).reshape(sd[k].shape) for k, v in c["tensors"].items()}, strict=True)
    x = torch.tensor(c["x"], dtype=torch.float64).reshape(B, T, F).requires_grad_(True)
    out, hn = m(x)
    h = hn[0] if c["kind"] == "LSTM" else hn  # [D, B, U]
    if c["seq"]:
        y = out  # [B, T, D*U]
    else:
        y = torch.cat([h[d] for d in range(h.shape[0])], dim=-1)  # [B, D*U]
    if c["bidirectional"] and c.get("merge", "concat") == "sum":
        y = y[..., :U] + y[..., U:]
    dy = torch.tensor(c["dy"], dtype=torch.float64).reshape(y.shape)
    (y * dy).sum().backward()
    grads = {k: p.grad.reshape(-1).tolist() for k, p in m.named_parameters()}
    return {"name": c["name"], "y": y.detach().reshape(-1).tolist(), "dx": x.grad.reshape(-1).tolist(), "grads": grads}


def main():
    req = json.load(sys.stdin)
    print(json.dumps({"results": [run(c) for c in req["cases"]]}))


if __name__ == "__main__":
    main()
