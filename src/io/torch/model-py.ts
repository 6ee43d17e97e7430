/**
 * Generates `model.py`: a PyTorch nn.Module of the same graph as a model spec, whose state_dict
 * names and shapes are exactly those of src/io/state-dict.ts (so `load_state_dict(..., strict=True)`
 * accepts our safetensors file).
 *
 * Conventions of the generated module:
 * - It takes the same inputs as the playground: channels-last images [N, H, W, C] (NHWC), sequences
 *   [N, T, F], token ids [N, T] (any integer dtype), features [N, F]. Internally image tensors
 *   (rank 3 without the batch axis) are kept NCHW for nn.Conv2d; Flatten/Reshape/Dense go back to
 *   channels-last first, so the first Dense after a Flatten needs no row permutation.
 * - 'same' padding follows TensorFlow: the extra row/column goes to the bottom/right (F.pad).
 * - forward(x) returns the model's outputs (with the final softmax/sigmoid); logits(x) returns the
 *   tensor the loss reads (without the final activation the loss absorbs); predict(x) returns what
 *   the playground shows as predictions (softmax / sigmoid of the logits for classifiers).
 * - Recurrent layers fed by an Embedding with maskZero carry their state over steps whose token id
 *   is 0, as the engine does: a loop over timesteps that keeps (h, c) where the id is 0.
 */
import { buildGraph, finalActivation, maskSource, type GraphNode } from '../../engine/graph';
import { conv2dGeometry, size2 } from '../../engine/reference/conv2d';
import { pool2dGeometry } from '../../engine/reference/pool2d';
import { planLoss } from '../../engine/loss-plan';
import type { ModelSpec } from '../../engine/spec';

export class TorchExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TorchExportError';
  }
}

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
/** nn.Module attributes and our own method names a layer id must not shadow. */
const RESERVED = new Set(['forward', 'logits', 'predict', 'training', 'graph', 'train', 'eval', 'parameters', 'modules', 'state_dict', 'to', 'cuda', 'cpu', 'float', 'half', 'double', 'type', 'apply', 'zero_grad', 'children', 'buffers', 'register_buffer', 'add_module', 'dump_patches', 'call_super_init', 'T_destination']);

function pyString(s: string): string {
  return JSON.stringify(s);
}

/** Expression that reaches the submodule of layer `id`. */
function moduleRef(id: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && !PY_KEYWORDS.has(id) && !RESERVED.has(id) && !id.startsWith('_')) return `self.${id}`;
  return `getattr(self, ${pyString(id)})`;
}

function moduleAssign(id: string, expr: string): string {
  const ref = moduleRef(id);
  return ref.startsWith('self.') ? `${ref} = ${expr}` : `self.add_module(${pyString(id)}, ${expr})`;
}

const isImage = (n: GraphNode) => n.out.shape.length === 3;

function activationExpr(act: string, v: string, image: boolean): string {
  switch (act) {
    case 'linear':
      return v;
    case 'relu':
      return `F.relu(${v})`;
    case 'sigmoid':
      return `torch.sigmoid(${v})`;
    case 'tanh':
      return `torch.tanh(${v})`;
    case 'softmax':
      return `F.softmax(${v}, dim=${image ? 1 : -1})`;
    default:
      throw new TorchExportError(`activation "${act}" has no PyTorch equivalent here`);
  }
}

/** (left, right, top, bottom) padding of a TensorFlow 'same' window. */
function samePads(H: number, W: number, OH: number, OW: number, KH: number, KW: number, SH: number, SW: number): [number, number, number, number] {
  const th = Math.max((OH - 1) * SH + KH - H, 0);
  const tw = Math.max((OW - 1) * SW + KW - W, 0);
  const top = Math.floor(th / 2);
  const left = Math.floor(tw / 2);
  return [left, tw - left, top, th - top];
}

interface Emitted {
  init: string[];
  body: string[];
}

const varName = (i: number) => `v${i}`;

function recurrentModule(kind: 'SimpleRNN' | 'LSTM' | 'GRU', F_: number, U: number, spec: GraphNode['spec']): string {
  const l = spec as { id: string; activation?: string; recurrentActivation?: string; useBias?: boolean };
  const bias = l.useBias === false ? ', bias=False' : '';
  if (kind === 'SimpleRNN') {
    const act = l.activation ?? 'tanh';
    if (act !== 'tanh' && act !== 'relu') throw new TorchExportError(`layer "${l.id}": SimpleRNN activation "${act}" has no nn.RNN equivalent (tanh or relu)`);
    return `nn.RNN(${F_}, ${U}, batch_first=True, nonlinearity=${pyString(act)}${bias})`;
  }
  if ((l.activation ?? 'tanh') !== 'tanh' || (l.recurrentActivation ?? 'sigmoid') !== 'sigmoid') {
    throw new TorchExportError(`layer "${l.id}": ${kind} with activation "${l.activation}" / recurrentActivation "${l.recurrentActivation}" has no nn.${kind} equivalent (tanh / sigmoid)`);
  }
  return `nn.${kind}(${F_}, ${U}, batch_first=True${bias})`;
}

function emit(spec: ModelSpec): Emitted & { inputs: string[]; inputDocs: string[] } {
  const graph = buildGraph(spec);
  const plan = planLoss(graph);
  const init: string[] = [];
  const body: string[] = [];
  const names = new Map<string, string>();
  const inputs: string[] = [];
  const inputDocs: string[] = [];
  graph.nodes.forEach((n, i) => names.set(n.spec.id, varName(i)));
  for (const n of graph.nodes) {
    const s = n.spec;
    if (s.id.includes('.')) throw new TorchExportError(`layer "${s.id}": a PyTorch module name cannot contain "."; rename the layer`);
    const v = names.get(s.id)!;
    const ins = n.inputs.map((m) => names.get(m.spec.id)!);
    const x = ins[0];
    const isOut = n === graph.output;
    const absorbedAct = isOut && plan.absorbedActivation === n;
    const image = isImage(n);
    const inImage = n.inputs[0] ? isImage(n.inputs[0]) : false;
    const finalAct = (expr: string, act: string) => {
      if (act === 'linear') return [`${v} = ${expr}`];
      if (absorbedAct || (isOut && plan.absorbedNode === n)) return [`${v} = ${expr}`, `if final_activation:`, `    ${v} = ${activationExpr(act, v, image)}`];
      return [`${v} = ${activationExpr(act, expr, image)}`];
    };
    switch (s.type) {
      case 'Input': {
        const arg = `x${inputs.length === 0 ? '' : inputs.length}`;
        inputs.push(arg);
        const shape = `[N, ${n.out.shape.join(', ')}]`;
        if (n.out.dtype === 'int32') {
          inputDocs.push(`${arg}: token ids ${shape} (integers; 0 is padding where an Embedding has maskZero)`);
          body.push(`${v} = ${arg}.long()`);
        } else if (image) {
          inputDocs.push(`${arg}: float32 images ${shape}, channels-last (NHWC) as in the playground`);
          body.push(`${v} = ${arg}.float().permute(0, 3, 1, 2)  # NHWC -> NCHW`);
        } else {
          inputDocs.push(`${arg}: float32 ${shape}`);
          body.push(`${v} = ${arg}.float()`);
        }
        break;
      }
      case 'Dense': {
        const inF = n.inputs[0].out.shape[n.inputs[0].out.shape.length - 1];
        init.push(moduleAssign(s.id, `nn.Linear(${inF}, ${s.units}${s.useBias === false ? ', bias=False' : ''})`));
        const m = moduleRef(s.id);
        const expr = inImage ? `${m}(${x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)` : `${m}(${x})`;
        body.push(...finalAct(expr, finalActivation(s)));
        break;
      }
      case 'Activation':
        body.push(...finalAct(x, s.activation));
        break;
      case 'Add':
        body.push(`${v} = ${ins.join(' + ')}`);
        break;
      case 'Dropout':
        init.push(moduleAssign(s.id, `nn.Dropout(${s.rate})`));
        body.push(`${v} = ${moduleRef(s.id)}(${x})`);
        break;
      case 'Flatten':
        body.push(inImage ? `${v} = ${x}.permute(0, 2, 3, 1).flatten(1)  # channels-last order, as the playground flattens` : `${v} = ${x}.flatten(1)`);
        break;
      case 'Reshape': {
        const src = inImage ? `${x}.permute(0, 2, 3, 1)` : x;
        const expr = `${src}.reshape(${x}.shape[0], ${n.out.shape.join(', ')})`;
        body.push(image ? `${v} = ${expr}.permute(0, 3, 1, 2)` : `${v} = ${expr}`);
        break;
      }
      case 'Conv2D': {
        const g = conv2dGeometry(n.inputs[0].out.shape, s);
        init.push(moduleAssign(s.id, `nn.Conv2d(${g.C}, ${g.Cout}, kernel_size=(${g.KH}, ${g.KW}), stride=(${g.SH}, ${g.SW})${s.useBias === false ? ', bias=False' : ''})`));
        const pads = samePads(g.H, g.W, g.OH, g.OW, g.KH, g.KW, g.SH, g.SW);
        const padded = (s.padding ?? 'valid') === 'same' && pads.some((p) => p > 0) ? `F.pad(${x}, (${pads.join(', ')}))` : x;
        body.push(...finalAct(`${moduleRef(s.id)}(${padded})`, s.activation ?? 'linear'));
        break;
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const [H, W, C] = n.inputs[0].out.shape;
        const pool = size2(s.poolSize ?? 2);
        const strides = size2(s.strides ?? pool);
        const g = pool2dGeometry(H, W, C, pool, strides, s.padding ?? 'valid');
        const pads = samePads(H, W, g.OH, g.OW, g.PH, g.PW, g.SH, g.SW);
        const same = (s.padding ?? 'valid') === 'same' && pads.some((p) => p > 0);
        const k = `(${g.PH}, ${g.PW})`;
        const st = `(${g.SH}, ${g.SW})`;
        if (s.type === 'MaxPooling2D') {
          body.push(`${v} = F.max_pool2d(${same ? `F.pad(${x}, (${pads.join(', ')}), value=float('-inf'))` : x}, ${k}, ${st})`);
        } else if (same) {
          // Average over the real cells only (TensorFlow): divide by the pooled count of ones.
          body.push(`${v} = F.avg_pool2d(F.pad(${x}, (${pads.join(', ')})), ${k}, ${st}) / F.avg_pool2d(F.pad(torch.ones_like(${x}[:, :1]), (${pads.join(', ')})), ${k}, ${st})`);
        } else {
          body.push(`${v} = F.avg_pool2d(${x}, ${k}, ${st})`);
        }
        break;
      }
      case 'GlobalAveragePooling2D':
        body.push(`${v} = ${x}.mean(dim=(2, 3))`);
        break;
      case 'Embedding':
        init.push(moduleAssign(s.id, `nn.Embedding(${s.inputDim}, ${s.outputDim})`));
        body.push(`${v} = ${moduleRef(s.id)}(${x})`);
        break;
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU':
      case 'Bidirectional': {
        const [, F_] = n.inputs[0].out.shape;
        const cell = s.type === 'Bidirectional' ? { ...s.layer, id: s.id } : s;
        const module = recurrentModule(cell.type, F_, cell.units, cell as GraphNode['spec']);
        init.push(moduleAssign(s.id, s.type === 'Bidirectional' ? module.replace(/\)$/, ', bidirectional=True)') : module));
        const maskId = maskSource(n);
        const mask = maskId ? `${names.get(maskId)} != 0` : 'None';
        const merge = s.type === 'Bidirectional' ? `, merge=${pyString(s.mergeMode ?? 'concat')}` : '';
        body.push(`${v} = _recurrent(${moduleRef(s.id)}, ${x}, ${mask}, return_sequences=${cell.returnSequences ? 'True' : 'False'}${merge})`);
        break;
      }
      default:
        throw new TorchExportError(`layer "${s.id}": ${s.type} layers cannot be exported to PyTorch yet`);
    }
  }
  const out = names.get(graph.output.spec.id)!;
  body.push(`return ${isImage(graph.output) ? `${out}.permute(0, 2, 3, 1)  # back to channels-last` : out}`);
  return { init, body, inputs, inputDocs };
}

const RECURRENT_HELPER = `
def _cell(rnn, suffix):
    """One step of direction \`suffix\` ('' or '_reverse') of nn.RNN/LSTM/GRU, with its own weights."""
    w = [getattr(rnn, f"weight_ih_l0{suffix}"), getattr(rnn, f"weight_hh_l0{suffix}")]
    b = [getattr(rnn, f"bias_ih_l0{suffix}"), getattr(rnn, f"bias_hh_l0{suffix}")] if rnn.bias else [None, None]
    if isinstance(rnn, nn.LSTM):
        return lambda x, s: torch.lstm_cell(x, s, *w, *b)
    if isinstance(rnn, nn.GRU):
        return lambda x, s: torch.gru_cell(x, s, *w, *b)
    fn = torch.rnn_relu_cell if rnn.nonlinearity == "relu" else torch.rnn_tanh_cell
    return lambda x, s: fn(x, s, *w, *b)


def _direction(rnn, suffix, x, mask, reverse):
    """Runs one direction step by step; where mask [N, T] is False (token id 0) the state is
    carried over unchanged and the output repeats it, as in the playground (Keras masking)."""
    n, t_len = x.shape[0], x.shape[1]
    lstm = isinstance(rnn, nn.LSTM)
    h = x.new_zeros(n, rnn.hidden_size)
    state = (h, h.clone()) if lstm else h
    cell = _cell(rnn, suffix)
    outs = [None] * t_len
    for t in (reversed(range(t_len)) if reverse else range(t_len)):
        new = cell(x[:, t], state)
        if mask is not None:
            keep = mask[:, t].unsqueeze(1)
            new = tuple(torch.where(keep, a, b) for a, b in zip(new, state)) if lstm else torch.where(keep, new, state)
        state = new
        outs[t] = state[0] if lstm else state
    return torch.stack(outs, dim=1), (state[0] if lstm else state)


def _recurrent(rnn, x, mask, return_sequences, merge="concat"):
    """nn.RNN/LSTM/GRU (batch_first, optionally bidirectional) over x [N, T, F]. Without a mask
    the module runs as is; with one, step by step (see _direction). A bidirectional layer's last
    output is [h_T forward, h_0 backward] (Keras), and merge "sum" adds the two directions."""
    if mask is None and not rnn.bidirectional:
        y, _ = rnn(x)
        return y if return_sequences else y[:, -1]
    parts = [_direction(rnn, "", x, mask, False)]
    if rnn.bidirectional:
        parts.append(_direction(rnn, "_reverse", x, mask, True))
    i = 0 if return_sequences else 1
    if merge == "sum":
        return sum(p[i] for p in parts)
    return torch.cat([p[i] for p in parts], dim=-1)
`;

const INT8_HELPER = `
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
`;

/** The text of model.py for `spec`. */
export function generateModelPy(spec: ModelSpec): string {
  const graph = buildGraph(spec);
  const plan = planLoss(graph);
  const { init, body, inputs, inputDocs } = emit(spec);
  const hasRecurrent = graph.nodes.some((n) => ['SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'].includes(n.spec.type));
  const link = plan.loss === 'mse' ? 'out' : plan.loss === 'binary_crossentropy' ? 'torch.sigmoid(out)' : 'F.softmax(out, dim=-1)';
  const args = inputs.join(', ');
  const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l).join('\n');
  return `"""${(spec.name ?? 'model').replace(/"""/g, "'''")}: generated by the WebGPU playground.

A PyTorch nn.Module with the same graph as the playground's model. Its state_dict names and shapes
match the exported weights.safetensors, so this loads them strictly:

    from safetensors.torch import load_file
    model = Model()
    model.load_state_dict(load_file("weights.safetensors"), strict=True)
    # the int8 export: model.load_state_dict(load_int8_state_dict("weights-int8.safetensors"), strict=True)

Inputs (the same layout the playground takes):
${inputDocs.map((d) => `    ${d}`).join('\n')}
forward() returns the model's outputs (final activation included); logits() the tensor the loss
(${plan.loss}) reads; predict() what the playground shows as predictions.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

LOSS = ${pyString(plan.loss)}
${hasRecurrent ? RECURRENT_HELPER : ''}${INT8_HELPER}

class Model(nn.Module):
    def __init__(self):
        super().__init__()
${init.length ? indent(init, 8) : '        pass'}

    def forward(self, ${args}, final_activation=True):
        """final_activation=False leaves out the final activation the loss absorbs (train.py
        calls it that way, through DistributedDataParallel when distributed)."""
${indent(body, 8)}

    def logits(self, ${args}):
        """The output without the final activation the loss absorbs (what the loss reads)."""
        return self.forward(${args}, final_activation=False)

    @torch.no_grad()
    def predict(self, ${args}):
        """What the playground shows as predictions (probabilities for classifiers)."""
        out = self.logits(${args})
        return ${link}
`;
}
