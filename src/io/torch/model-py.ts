/**
 * Generates `model.py`: a PyTorch nn.Module of the same graph as a model spec, whose state_dict
 * names and shapes are exactly those of src/io/state-dict.ts (so `load_state_dict(..., strict=True)`
 * accepts our safetensors file).
 *
 * Conventions of the generated module:
 * - It takes what a PyTorch model takes: images [N, C, H, W] (NCHW, like torchvision; a model with
 *   images gets `Model(channels_last=True)` for the playground's [N, H, W, C]), sequences [N, T, F],
 *   token ids [N, T] (any integer dtype), features [N, F]. Images (rank 3 without the batch axis)
 *   stay NCHW throughout; Flatten flattens them in PyTorch's (C, H, W) order, so the first nn.Linear
 *   after it has its columns in that order (flatten-layout.ts; the state_dict follows); a reader
 *   other than Dense or an order-keeping layer gets the playground's (H, W, C) order back. Dense,
 *   LayerNormalization and Reshape to an image or a sequence work channels-last (a permute).
 * - 'same' padding follows TensorFlow: the extra row/column goes to the bottom/right (F.pad).
 * - forward(x) returns the model's outputs (with the final softmax/sigmoid); logits(x) returns the
 *   tensor the loss reads (without the final activation the loss absorbs); predict(x) returns what
 *   the playground shows as predictions (softmax / sigmoid of the logits for classifiers).
 * - Recurrent layers fed by an Embedding with maskZero carry their state over steps whose token id
 *   is 0, as the engine does: a loop over timesteps that keeps (h, c) where the id is 0.
 * - Dense works on the last axis ([N, T, F] -> [N, T, units]).
 * Each layer type's lines are its row of the model.py table (model-py-layers.ts); the fixed Python
 * (the imports, the recurrent helpers, the sequence-layer modules, the int8 loader) lives in .py
 * files beside it.
 */
import { buildGraph, type GraphNode } from '../../engine/graph';
import { planLoss } from '../../engine/loss-plan';
import { lossRow, lossSettings, type LossRow, type LossSettings } from '../../engine/losses';
import type { LayerSpec, ModelSpec } from '../../engine/spec';
import { tableRow } from '../layer-table';
import { activationExpr, PY_HELPERS, PY_LAYERS, type PyHelper, type PyRow } from './model-py-layers';
import { pyDocText, pyString, TorchExportError } from './py-names';
import INT8_LOADER from './int8_loader.py?raw';
import MODEL_IMPORTS from './model_imports.py?raw';
import type { Preprocessing } from '../../data/scaling';
import { preprocessingConstants, preprocessingDoc, preprocessingInit, preprocessingMethods } from './preprocessing-py';
import { needsPlaygroundOrder, torchFlatOrders, type ImageShape } from './flatten-layout';
import type { TokenizerDoc } from '../tokenizer-json';
import { textDoc, textHelpers, textMethods } from './text-py';

export { TorchExportError };

const isImage = (n: GraphNode) => n.out.shape.length === 3;

const varName = (i: number) => `v${i}`;

/** `x` (flat, PyTorch's (C, H, W) order of `image`) back in the playground's (H, W, C) order. */
const playgroundOrder = (x: string, [H, W, C]: ImageShape) => `${x}.unflatten(1, (${C}, ${H}, ${W})).permute(0, 2, 3, 1).flatten(1)`;

function emit(spec: ModelSpec, pre: Preprocessing | null): { init: string[]; body: string[]; inputs: string[]; inputDocs: string[]; helpers: Set<PyHelper>; images: boolean } {
  const graph = buildGraph(spec);
  const orders = torchFlatOrders(graph);
  const reordered = new Set<string>();
  const plan = planLoss(graph);
  const init: string[] = [];
  const body: string[] = [];
  const names = new Map<string, string>();
  const inputs: string[] = [];
  const inputDocs: string[] = [];
  const helpers = new Set<PyHelper>();
  graph.nodes.forEach((n, i) => names.set(n.spec.id, varName(i)));
  for (const n of graph.nodes) {
    const s = n.spec;
    if (s.id.includes('.')) throw new TorchExportError(`layer "${s.id}": a PyTorch module name cannot contain "."; rename the layer`);
    const v = names.get(s.id)!;
    const isOut = n === graph.output;
    const absorbedAct = isOut && plan.absorbedActivation === n;
    const image = isImage(n);
    const finalAct = (expr: string, act: string) => {
      if (act === 'linear') return [`${v} = ${expr}`];
      if (absorbedAct || (isOut && plan.absorbedNode === n)) return [`${v} = ${expr}`, `if final_activation:`, `    ${v} = ${activationExpr(act, v, image)}`];
      return [`${v} = ${activationExpr(act, expr, image)}`];
    };
    const row = tableRow<PyRow<LayerSpec>>(PY_LAYERS, s, (m) => new TorchExportError(m));
    const ins = n.inputs.map((m) => {
      const x = names.get(m.spec.id)!;
      const order = orders.get(m.spec.id);
      if (!order || !needsPlaygroundOrder(n, orders)) return x;
      if (!reordered.has(x)) body.push(`${x}_hwc = ${playgroundOrder(x, order)}  # the playground's (H, W, C) order`);
      reordered.add(x);
      return `${x}_hwc`;
    });
    row.emit(s, { n, v, ins, names, image, inImage: n.inputs[0] ? isImage(n.inputs[0]) : false, init, body, finalAct, inputs, inputDocs, pre });
    for (const h of row.helpers ?? []) helpers.add(h);
  }
  const out = names.get(graph.output.spec.id)!;
  const outOrder = orders.get(graph.output.spec.id);
  if (outOrder) body.push(`${out} = ${playgroundOrder(out, outOrder)}  # the playground's (H, W, C) order`);
  if (pre?.targets) body.push('if final_activation:', `    ${out} = self.postprocess(${out})  # raw target units`);
  body.push(`return ${isImage(graph.output) ? `${out}.permute(0, 2, 3, 1) if self.channels_last else ${out}` : out}`);
  const images = graph.nodes.some((n) => n.spec.type === 'Input' && isImage(n)) || isImage(graph.output);
  if (images) init.unshift('self.channels_last = channels_last');
  return { init, body, inputs, inputDocs, helpers, images };
}

/** The text of model.py for `spec`. */
/** model.py's loss_terms(out, y): the loss table's PyTorch expression for the model's loss (train.py calls it). */
function lossTermsPy(row: LossRow, o: LossSettings): string {
  return `

def loss_terms(out, y):
    """Per-sample losses of a batch and its count of correct predictions, as the playground counts
    them: out as logits() gives it (without the final activation the loss absorbs), y as
    data.safetensors holds the targets."""
${row.torch(o).map((l) => `    ${l}`).join('\n')}`;
}

export function generateModelPy(spec: ModelSpec, pre: Preprocessing | null = null, tok: TokenizerDoc | null = null): string {
  const graph = buildGraph(spec);
  const plan = planLoss(graph);
  const { init, body, inputs, inputDocs, helpers, images } = emit(spec, pre);
  init.push(...preprocessingInit(pre));
  const helperText = (Object.keys(PY_HELPERS) as PyHelper[])
    .filter((h) => helpers.has(h))
    .map((h) => `\n${PY_HELPERS[h]}`)
    .join('');
  const row = lossRow(plan.loss);
  const link = row.absorbs === 'sigmoid' ? 'torch.sigmoid(out)' : row.absorbs === 'softmax' ? 'F.softmax(out, dim=-1)' : pre?.targets ? 'self.postprocess(out)' : 'out';
  const args = inputs.join(', ');
  const indent = (lines: string[], n: number) => lines.map((l) => ' '.repeat(n) + l).join('\n');
  return `"""${pyDocText(spec.name ?? 'model')}: generated by the WebGPU playground.

A PyTorch nn.Module with the same graph as the playground's model. Its state_dict names and shapes
match the exported weights.safetensors, so this loads them strictly:

    from safetensors.torch import load_file
    model = Model()
    model.load_state_dict(load_file("weights.safetensors"), strict=True)
    # the int8 export: model.load_state_dict(load_int8_state_dict("weights-int8.safetensors"), strict=True)

${images ? 'Inputs (images NCHW, as PyTorch takes them; Model(channels_last=True) takes NHWC):' : 'Inputs (the same layout the playground takes):'}
${inputDocs.map((d) => `    ${d}`).join('\n')}
forward() returns the model's outputs (final activation included); logits() the tensor the loss
(${plan.loss}) reads; predict() what the playground shows as predictions.
${preprocessingDoc(pre)}${textDoc(tok)}"""
${MODEL_IMPORTS}
MODEL_NAME = ${pyString(spec.name ?? 'model')}
LOSS = ${pyString(plan.loss)}
${lossTermsPy(row, lossSettings(spec.lossOptions))}
${preprocessingConstants(pre)}${helperText}\n${INT8_LOADER}${textHelpers(tok)}

class Model(nn.Module):
    def __init__(self${images ? ', channels_last=False' : ''}):
        super().__init__()
${init.length ? indent(init, 8) : '        pass'}

    def forward(self, ${args}, final_activation=True):
        """final_activation=False leaves out the final activation the loss absorbs (train.py
        calls it that way, through DistributedDataParallel when distributed)."""
${indent(body, 8)}

    def logits(self, ${args}):
        """The output without the final activation the loss absorbs (what the loss reads)."""
        return self.forward(${args}, final_activation=False)
${preprocessingMethods(pre)}
    @torch.no_grad()
    def predict(self, ${args}):
        """What the playground shows as predictions (probabilities for classifiers)."""
        out = self.logits(${args})
        return ${link}
${textMethods(tok)}`;
}
