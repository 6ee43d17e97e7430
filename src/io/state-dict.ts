/**
 * Engine parameters <-> PyTorch state_dict tensors (names and layouts of the generated model.py).
 * Each layer type's names and layouts are its row of the state_dict table
 * (src/io/torch/state-dict-layers.ts): kernels transposed for nn.Linear, permuted for nn.Conv2d,
 * the rest unchanged; the nn.Linear after a Flatten of an image also has its columns in PyTorch's
 * (C, H, W) flatten order (src/io/torch/flatten-layout.ts); recurrent layers (nn.RNN / nn.LSTM /
 * nn.GRU names such as `<id>.weight_ih_l0`) go through src/io/recurrent-layout.ts, whose gate
 * orders and split biases differ from the engine's.
 *
 * fromStateDict is the import direction and treats its tensors as untrusted: every missing,
 * unexpected or wrongly shaped tensor is listed in one StateDictMismatchError before any value is
 * copied, and the model passed in is never modified.
 */
import { buildGraph } from '../engine/graph';
import { layoutParams, type ParamEntry, type ParamLayout } from '../engine/params';
import type { BidirectionalLayer, ModelSpec, RecurrentLayer } from '../engine/spec';
import { recurrentFromTorch, recurrentToTorch } from './recurrent-layout';
import { isRecurrentTorch, torchExtras, torchLayout, torchName, torchShape } from './torch/state-dict-layers';
import { chwFromHwc, denseColumnOrders } from './torch/flatten-layout';
import { trainedModel, type TrainedModel } from './trained-model';

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export class StateDictMismatchError extends Error {
  constructor(
    readonly problems: string[],
    modelName: string,
  ) {
    super(`the weights do not match the model${modelName ? ` "${modelName}"` : ''} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StateDictMismatchError';
  }
}

const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

function transposeDense(src: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = src[r * cols + c];
  return out;
}

/**
 * Engine kernel [in, out] -> nn.Linear weight [out, in] whose column t is the engine's row perm[t]
 * (a Dense after a Flatten of an image: PyTorch's (C, H, W) order, flatten-layout.ts).
 */
function linearToTorch(src: Float32Array, inF: number, outF: number, perm: Int32Array | undefined): Float32Array {
  if (!perm) return transposeDense(src, inF, outF);
  const out = new Float32Array(inF * outF);
  for (let t = 0; t < inF; t++) {
    const k = perm[t] * outF;
    for (let o = 0; o < outF; o++) out[o * inF + t] = src[k + o];
  }
  return out;
}

/** The inverse of linearToTorch: nn.Linear weight [out, in] -> engine kernel [in, out]. */
function linearFromTorch(src: Float32Array, inF: number, outF: number, perm: Int32Array | undefined): Float32Array {
  if (!perm) return transposeDense(src, outF, inF);
  const out = new Float32Array(inF * outF);
  for (let t = 0; t < inF; t++) {
    const k = perm[t] * outF;
    for (let o = 0; o < outF; o++) out[k + o] = src[o * inF + t];
  }
  return out;
}

/** Dense layer id -> the permutation of its kernel's rows into PyTorch's column order. */
function columnPermutations(spec: ModelSpec): Map<string, Int32Array> {
  return new Map([...denseColumnOrders(buildGraph(spec))].map(([id, image]) => [id, chwFromHwc(image)]));
}

/** Engine [KH, KW, Cin, Cout] -> PyTorch [Cout, Cin, KH, KW] (inverse: toEngine). */
/** A Conv2D kernel [KH, KW, CI, CO] <-> [CO, CI, KH, KW]; a Conv1D kernel [K, CI, CO] as [1, K, CI, CO] (<-> [CO, CI, K]). */
function convToTorch(src: Float32Array, shape: number[], toEngine: boolean): Float32Array {
  const [KH, KW, CI, CO] = shape.length === 3 ? [1, ...shape] : shape;
  const out = new Float32Array(src.length);
  for (let h = 0; h < KH; h++)
    for (let w = 0; w < KW; w++)
      for (let i = 0; i < CI; i++)
        for (let o = 0; o < CO; o++) {
          const e = ((h * KW + w) * CI + i) * CO + o;
          const t = ((o * CI + i) * KH + h) * KW + w;
          if (toEngine) out[e] = src[t];
          else out[t] = src[e];
        }
  return out;
}

export { torchName };

/** The column permutation of a Dense kernel entry after a Flatten of an image (none for the rest). */
const permOf = (perms: ReadonlyMap<string, Int32Array>, e: ParamEntry) => (e.layerType === 'Dense' && e.name === 'weight' ? perms.get(e.layer) : undefined);

function toTorchLayout(e: ParamEntry, src: Float32Array, perm?: Int32Array): { shape: number[]; data: Float32Array } {
  const layout = torchLayout(e);
  if (layout === 'linear') {
    const [inF, outF] = e.shape;
    return { shape: torchShape(e), data: linearToTorch(src, inF, outF, perm) };
  }
  if (layout === 'conv') return { shape: torchShape(e), data: convToTorch(src, e.shape, false) };
  return { shape: [...e.shape], data: Float32Array.from(src) };
}

function fromTorchLayout(e: ParamEntry, src: Float32Array, perm?: Int32Array): Float32Array {
  const layout = torchLayout(e);
  if (layout === 'linear') {
    const [inF, outF] = e.shape;
    return linearFromTorch(src, inF, outF, perm);
  }
  if (layout === 'conv') return convToTorch(src, e.shape, true);
  return src;
}

/** Entries grouped by layer, in layout order of each layer's first entry. */
function byLayer(layout: ParamLayout): Map<string, ParamEntry[]> {
  const out = new Map<string, ParamEntry[]>();
  for (const e of layout.entries) out.set(e.layer, [...(out.get(e.layer) ?? []), e]);
  return out;
}

/** The input feature count of a recurrent layer ([T, F] input). */
function inputFeatures(spec: ModelSpec, layerId: string): number {
  const graph = buildGraph(spec);
  const node = graph.byId.get(layerId);
  if (!node) throw new Error(`layer "${layerId}" is not in the model graph`);
  const shape = node.inputs[0].out.shape;
  return shape[shape.length - 1];
}

/** The whole model as PyTorch state_dict tensors, in parameter-layout order. */
export function modelStateDict(model: TrainedModel): NamedTensor[] {
  const out: NamedTensor[] = [];
  const perms = columnPermutations(model.spec);
  for (const [layerId, entries] of byLayer(model.layout)) {
    if (isRecurrentTorch(entries[0].layerType)) {
      const layer = model.spec.layers.find((l) => l.id === layerId)!;
      const params = new Map(entries.map((e) => [e.name as string, model.params.subarray(e.offset, e.offset + e.length)]));
      for (const t of recurrentToTorch(layer as RecurrentLayer | BidirectionalLayer, params, inputFeatures(model.spec, layerId))) {
        out.push({ name: `${layerId}.${t.name}`, shape: t.shape, data: Float32Array.from(t.data) });
      }
      continue;
    }
    for (const e of entries) out.push({ name: torchName(e), ...toTorchLayout(e, model.params.subarray(e.offset, e.offset + e.length), permOf(perms, e)) });
    for (const name of torchExtras(layerId, entries[0].layerType)) out.push({ name, shape: [], data: new Float32Array(1) });
  }
  return out;
}

export interface TensorLike {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * PyTorch state_dict tensors -> a new TrainedModel of `spec`. Names and shapes are checked one by
 * one first; all the problems are reported together (StateDictMismatchError).
 */
export function fromStateDict(spec: ModelSpec, tensors: ReadonlyMap<string, TensorLike>): TrainedModel {
  const layout = layoutParams(buildGraph(spec));
  const zeros = trainedModel(spec, new Float32Array(layout.total));
  const expected = modelStateDict(zeros);
  const problems: string[] = [];
  const wanted = new Map(expected.map((t) => [t.name, t.shape]));
  for (const t of expected) {
    const got = tensors.get(t.name);
    if (!got) problems.push(`missing "${t.name}": the model needs a tensor of shape ${shapeText(t.shape)}`);
    else if (got.shape.length !== t.shape.length || got.shape.some((d, i) => d !== t.shape[i])) {
      problems.push(`"${t.name}": the file has shape ${shapeText(got.shape)}, the model needs ${shapeText(t.shape)}`);
    }
    else if (got.data.length !== t.data.length) problems.push(`"${t.name}": shape ${shapeText(got.shape)} but ${got.data.length} values`);
  }
  for (const [name, t] of tensors) if (!wanted.has(name)) problems.push(`unexpected "${name}" ${shapeText(t.shape)}: the model has no such parameter`);
  if (problems.length) throw new StateDictMismatchError(problems, spec.name ?? '');

  const flat = new Float32Array(layout.total);
  const perms = columnPermutations(spec);
  for (const [layerId, entries] of byLayer(layout)) {
    if (isRecurrentTorch(entries[0].layerType)) {
      const layer = spec.layers.find((l) => l.id === layerId)!;
      const mine = new Map<string, Float32Array>();
      const prefix = `${layerId}.`;
      for (const [name, t] of tensors) if (name.startsWith(prefix)) mine.set(name.slice(prefix.length), t.data);
      const engine = recurrentFromTorch(layer as RecurrentLayer | BidirectionalLayer, mine, inputFeatures(spec, layerId));
      for (const e of entries) flat.set(engine.get(e.name)!, e.offset);
      continue;
    }
    for (const e of entries) flat.set(fromTorchLayout(e, tensors.get(torchName(e))!.data, permOf(perms, e)), e.offset);
  }
  return trainedModel(spec, flat);
}
