/**
 * Import of an untrusted Keras 3 `.keras` file into a model whose graph matches, reading the
 * layout our export writes (export-keras.ts, weights-h5.ts): a zip of config.json and
 * model.weights.h5, the weights at layers/<snake class>[_k]/vars/<i> in `model.layers` order. The
 * zip is read with its unpacked size bounded before anything is inflated; every dataset's shape is
 * checked against the model before its values are read (so nothing larger than the model is
 * allocated), and every weight that is missing, misshapen, not a float, or left over in the file
 * is listed, one line each. The result is a new TrainedModel; a rejected file changes nothing.
 */
import { unzipSync } from 'fflate';
import { buildGraph } from '../../engine/graph';
import type { ModelSpec } from '../../engine/spec';
import type { Preprocessing } from '../../data/scaling';
import { layoutParams } from '../../engine/params';
import { exportPreprocessing } from '../preprocessing';
import { layerParams, type TrainedModel } from '../trained-model';
import { formatBytes } from '../safetensors';
import { kerasOps } from './keras-config';
import { kerasRow, type KerasWeight } from './keras-layers';

export class KerasImportError extends Error {
  /** Every weight that does not match the model, one line each (empty when the file itself is unusable). */
  readonly problems: string[];
  constructor(message: string, problems: string[] = []) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.problems = problems;
    this.name = 'KerasImportError';
  }
}

/** Largest .keras file, and largest total its entries may unpack to. */
export const MAX_KERAS_BYTES = 2 ** 31;
/** Most groups and datasets walked looking for weights the model does not have. */
const MAX_H5_NODES = 100_000;

const MHA_SUBLAYERS = ['query_dense', 'key_dense', 'value_dense', 'output_dense'] as const;

interface H5Node {
  keys?: () => string[];
  get?: (name: string) => unknown;
  shape?: number[] | null;
  dtype?: unknown;
  value?: unknown;
}

let counter = 0;

function unpack(bytes: Uint8Array, fileName: string): { config: unknown; weights: Uint8Array } {
  if (bytes.length > MAX_KERAS_BYTES) throw new KerasImportError(`${fileName}: ${formatBytes(bytes.length)} is more than the ${formatBytes(MAX_KERAS_BYTES)} limit`);
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) throw new KerasImportError(`${fileName} is not a .keras file: a .keras file is a ZIP archive, and this one does not start like one`);
  let files: Record<string, Uint8Array>;
  let total = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== 'config.json' && f.name !== 'model.weights.h5') return false;
        total += f.originalSize;
        if (total > MAX_KERAS_BYTES) throw new Error(`it unpacks to more than ${formatBytes(MAX_KERAS_BYTES)}`);
        return true;
      },
    });
  } catch (e) {
    throw new KerasImportError(`${fileName} is not a readable .keras archive (${(e as Error).message})`);
  }
  for (const n of ['config.json', 'model.weights.h5']) if (!files[n]) throw new KerasImportError(`${fileName} has no ${n} (a Keras 3 .keras file holds config.json and model.weights.h5)`);
  let config: unknown;
  try {
    config = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(files['config.json']));
  } catch {
    throw new KerasImportError(`${fileName}: config.json is not valid UTF-8 JSON`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new KerasImportError(`${fileName}: config.json must hold a JSON object (the model's config)`);
  const h5 = files['model.weights.h5'];
  if (!(h5[0] === 0x89 && h5[1] === 0x48 && h5[2] === 0x44 && h5[3] === 0x46)) throw new KerasImportError(`${fileName}: model.weights.h5 is not an HDF5 file`);
  return { config, weights: h5 };
}

/** Where each weight of the model sits in model.weights.h5, as exportKeras writes it. */
interface Expected {
  path: string;
  layer: string;
  w: KerasWeight;
  /** Where the values go (null for a constant of the export, which is not read back). */
  into: Float32Array | null;
  shape: number[];
}

function expectedWeights(model: TrainedModel): Expected[] {
  const graph = buildGraph(model.spec);
  const out: Expected[] = [];
  const used = new Map<string, number>();
  for (const op of kerasOps(graph, exportPreprocessing(model))) {
    if (!op.node) continue;
    const row = kerasRow(op.node.spec.type, op.node.spec.id);
    const k = row.layer(op.node.spec, op.node);
    const n = used.get(row.h5);
    used.set(row.h5, n === undefined ? 0 : n + 1);
    const p = `layers/${n === undefined ? row.h5 : `${row.h5}_${n + 1}`}`;
    const params = layerParams(model, op.node.spec.id);
    const add = (vars: string, prefix: string, ws: KerasWeight[]) =>
      ws.forEach((w, i) => {
        if (w.constant) {
          out.push({ path: `${vars}/vars/${i}`, layer: op.node!.spec.id, w, into: null, shape: w.constant.shape });
          return;
        }
        const e = params.get(`${prefix}${w.entry}`)!;
        out.push({ path: `${vars}/vars/${i}`, layer: op.node!.spec.id, w, into: e.data, shape: w.shape ?? e.entry.shape });
      });
    if (row.h5Weights === 'bidirectional') {
      for (const dir of ['forward', 'backward']) add(`${p}/${dir}_layer/cell`, `${dir}_`, k.weights);
    } else if (row.h5Weights === 'attention') {
      for (const sub of MHA_SUBLAYERS) add(`${p}/${sub}`, '', k.weights.filter((w) => w.sublayer === sub));
    } else if (row.h5Weights === 'cell') {
      add(`${p}/cell`, '', k.weights);
    } else {
      add(p, '', k.weights);
    }
  }
  return out;
}

/** Paths of every dataset in the file (bounded walk). */
function datasets(root: H5Node): string[] {
  const out: string[] = [];
  let seen = 0;
  const walk = (node: H5Node, path: string) => {
    if (++seen > MAX_H5_NODES) throw new KerasImportError(`model.weights.h5 holds more than ${MAX_H5_NODES} groups and datasets`);
    if (typeof node.keys === 'function' && typeof node.get === 'function') {
      for (const k of node.keys()) {
        const child = node.get(k) as H5Node | null;
        if (child) walk(child, path ? `${path}/${k}` : k);
      }
    } else if (node.shape !== undefined) {
      out.push(path);
    }
  };
  walk(root, '');
  return out;
}

/** The weights of a `.keras` file for `spec` (with the model's scaling, which decides the file's layout), or KerasImportError. */
export async function importKeras(spec: ModelSpec, bytes: Uint8Array, fileName = 'the file', preprocessing: Preprocessing | null = null): Promise<TrainedModel> {
  const { weights } = unpack(bytes, fileName);
  const layout = layoutParams(buildGraph(spec));
  const model: TrainedModel = { spec, layout, params: new Float32Array(layout.total), preprocessing };
  const want = expectedWeights(model);
  const h5wasm = (await import('h5wasm')).default;
  const Module = await h5wasm.ready;
  const path = `/keras-import-${Date.now()}-${counter++}.weights.h5`;
  Module.FS.writeFile(path, weights);
  const problems: string[] = [];
  try {
    let file: InstanceType<typeof h5wasm.File>;
    try {
      file = new h5wasm.File(path, 'r');
    } catch (e) {
      throw new KerasImportError(`${fileName}: model.weights.h5 cannot be read (${(e as Error).message})`);
    }
    try {
      readWeights(file as unknown as H5Node, want, problems);
    } catch (e) {
      if (e instanceof KerasImportError) throw e;
      throw new KerasImportError(`${fileName}: model.weights.h5 cannot be read (${(e as Error).message})`);
    } finally {
      file.close();
    }
  } finally {
    Module.FS.unlink(path);
  }
  if (problems.length) throw new KerasImportError(`${fileName} does not match the model${spec.name ? ` "${spec.name}"` : ''} (${problems.length} problem${problems.length === 1 ? '' : 's'}):`, problems);
  return model;
}

/** Copies each expected weight out of the file into the model, or notes why it cannot. */
function readWeights(root: H5Node, want: Expected[], problems: string[]): void {
  const consumed = new Set<string>();
  for (const t of want) {
    const where = `layer "${t.layer}" ${t.w.kerasName} (${t.path})`;
    let ds: H5Node | null;
    try {
      ds = root.get!(t.path) as H5Node | null;
    } catch {
      ds = null;
    }
    if (!ds || ds.shape === undefined || typeof ds.keys === 'function') {
      problems.push(`${where}: missing from the file`);
      continue;
    }
    consumed.add(t.path);
    if (!t.into) continue;
    const shape = ds.shape ?? [];
    if (shape.length !== t.shape.length || shape.some((d, i) => d !== t.shape[i])) {
      problems.push(`${where}: the file has shape [${shape.join(',')}], the model needs [${t.shape.join(',')}]`);
      continue;
    }
    let value: unknown;
    try {
      value = ds.value;
    } catch {
      value = null;
    }
    if (!(value instanceof Float32Array || value instanceof Float64Array) || value.length !== t.into.length) {
      problems.push(`${where}: not float32 or float64 values`);
      continue;
    }
    t.into.set(value); // float64 rounds to the nearest float32
  }
  for (const d of datasets(root)) if (d.startsWith('layers/') && !consumed.has(d)) problems.push(`unexpected weight "${d}": the model has no such parameter`);
}
