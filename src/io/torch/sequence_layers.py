class PositionEmbedding(nn.Module):
    """y = x + P over [N, T, D]: P is the learned table `weight` [T, D], or the fixed sinusoidal
    encoding (angle t / 10000^(2*floor(i/2)/D), sin on even i, cos on odd i; float64, then
    float32), kept as a buffer outside the state_dict."""

    def __init__(self, length, dim, sinusoidal=False):
        super().__init__()
        self.sinusoidal = sinusoidal
        if sinusoidal:
            t = torch.arange(length, dtype=torch.float64).unsqueeze(1)
            i = torch.arange(dim)
            angle = t / torch.pow(torch.tensor(10000.0, dtype=torch.float64), (2 * (i // 2)).to(torch.float64) / dim)
            self.register_buffer("table", torch.where(i % 2 == 0, torch.sin(angle), torch.cos(angle)).float(), persistent=False)
        else:
            self.weight = nn.Parameter(torch.zeros(length, dim))

    def forward(self, x):
        return x + (self.table if self.sinusoidal else self.weight)


class MultiHeadAttention(nn.Module):
    """Multi-head scaled dot-product attention (Keras MultiHeadAttention semantics): query
    [N, TQ, D], value [N, TK, DV] (also the key; None for self-attention), output [N, TQ, D].
    Head h uses columns h*key_dim .. (h+1)*key_dim - 1 of each projection, scale 1/sqrt(key_dim).
    causal hides keys after the query (top-left aligned); key_mask [N, TK] (False = padding)
    hides padded keys. A query that sees no key gets zeros before the output projection."""

    def __init__(self, d_query, d_value, num_heads, key_dim, causal=False, bias=True):
        super().__init__()
        self.num_heads, self.key_dim, self.causal = num_heads, key_dim, causal
        width = num_heads * key_dim
        self.query = nn.Linear(d_query, width, bias=bias)
        self.key = nn.Linear(d_value, width, bias=bias)
        self.value = nn.Linear(d_value, width, bias=bias)
        self.output = nn.Linear(width, d_query, bias=bias)

    def forward(self, query, value=None, key_mask=None):
        value = query if value is None else value
        n, tq, tk = query.shape[0], query.shape[1], value.shape[1]
        h, dk = self.num_heads, self.key_dim
        q = self.query(query).view(n, tq, h, dk).transpose(1, 2)
        k = self.key(value).view(n, tk, h, dk).transpose(1, 2)
        v = self.value(value).view(n, tk, h, dk).transpose(1, 2)
        scores = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(dk))
        visible = torch.ones(tq, tk, dtype=torch.bool, device=query.device)
        if self.causal:
            visible = torch.tril(visible)
        visible = visible.expand(n, 1, tq, tk)
        if key_mask is not None:
            visible = visible & key_mask[:, None, None, :]
        weights = torch.softmax(scores.masked_fill(~visible, float("-inf")), dim=-1)
        weights = weights.masked_fill(~visible.any(dim=-1, keepdim=True), 0.0)
        out = torch.matmul(weights, v).transpose(1, 2).reshape(n, tq, h * dk)
        return self.output(out)


def _masked_mean(x, mask):
    """Mean over time of x [N, T, D]; with mask [N, T] (False = padding) over the real steps only
    (a row of only padding gives 0)."""
    if mask is None:
        return x.mean(dim=1)
    m = mask.unsqueeze(-1).to(x.dtype)
    return (x * m).sum(dim=1) / m.sum(dim=1).clamp(min=1)
