/**
 * The attention-era layers of the generated model.py (see model-py.ts for the module's
 * conventions): LayerNormalization -> nn.LayerNorm (`<id>.weight` = γ, `<id>.bias` = β, Keras ε);
 * PositionEmbedding -> a small PositionEmbedding module (learned `<id>.weight` [T, D], or the fixed
 * sinusoidal table as a non-persistent buffer, so strict loading sees no extra key);
 * GlobalAveragePooling1D -> _masked_mean; MultiHeadAttention -> a small MultiHeadAttention module
 * with four nn.Linear projections (`<id>.query|key|value|output.weight/.bias`).
 *
 * Masking follows the playground exactly (engine/graph.ts maskSource): when an Embedding with
 * maskZero feeds the layer through mask-keeping layers, the token ids of that Embedding's input
 * give `mask = ids != 0`. Attention hides padded keys only (padded query rows are computed like any
 * other); a query that sees no key at all (padding everywhere before it) outputs 0 before the
 * output projection. The average over time leaves padded steps out; a row of only padding gives 0.
 */
import { maskSource, type GraphNode } from '../../engine/graph';
import { KERAS_LAYERNORM_EPSILON } from '../../engine/layers/layernorm';
import { moduleAssign, moduleRef, pyFloat, TorchExportError } from './py-names';

export const ATTENTION_TYPES = new Set(['LayerNormalization', 'PositionEmbedding', 'GlobalAveragePooling1D', 'MultiHeadAttention']);

export const ATTENTION_HELPERS = `
class PositionEmbedding(nn.Module):
    """y = x + P over [N, T, D]: P is the learned table \`weight\` [T, D], or the fixed sinusoidal
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
`;

export interface LayerEmit {
  init: string[];
  body: string[];
}

/**
 * model.py lines of one attention-era layer: `v` its output variable, `ins` its input variables,
 * `names` every node's variable (for the mask's token ids), `inImage` whether input 0 is held NCHW.
 */
export function emitAttentionLayer(n: GraphNode, v: string, ins: string[], names: Map<string, string>, inImage: boolean): LayerEmit {
  const s = n.spec;
  const id = s.id;
  const m = moduleRef(id);
  const x = ins[0];
  const maskId = maskSource(n);
  const mask = maskId ? `${names.get(maskId)} != 0` : 'None';
  switch (s.type) {
    case 'LayerNormalization': {
      const shape = n.out.shape;
      const eps = s.epsilon ?? KERAS_LAYERNORM_EPSILON;
      const init = [moduleAssign(id, `nn.LayerNorm(${shape[shape.length - 1]}, eps=${pyFloat(eps)})`)];
      const body = inImage ? [`${v} = ${m}(${x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)  # over channels`] : [`${v} = ${m}(${x})`];
      return { init, body };
    }
    case 'PositionEmbedding': {
      const [T, D] = n.out.shape;
      const sin = s.mode === 'sinusoidal' ? ', sinusoidal=True' : '';
      return { init: [moduleAssign(id, `PositionEmbedding(${T}, ${D}${sin})`)], body: [`${v} = ${m}(${x})`] };
    }
    case 'GlobalAveragePooling1D':
      return { init: [], body: [`${v} = _masked_mean(${x}, ${mask})`] };
    case 'MultiHeadAttention': {
      const [, D] = n.inputs[0].out.shape;
      const [, DV] = n.inputs[n.inputs.length - 1].out.shape;
      const dk = s.keyDim ?? D / s.numHeads;
      const opts = `${s.causal === true ? ', causal=True' : ''}${s.useBias === false ? ', bias=False' : ''}`;
      const value = ins.length > 1 ? ins[1] : 'None';
      return {
        init: [moduleAssign(id, `MultiHeadAttention(${D}, ${DV}, num_heads=${s.numHeads}, key_dim=${dk}${opts})`)],
        body: [`${v} = ${m}(${x}, ${value}, key_mask=${mask === 'None' ? 'None' : `(${mask})`})`],
      };
    }
    default:
      throw new TorchExportError(`layer "${id}": ${s.type} is not an attention-era layer`);
  }
}
