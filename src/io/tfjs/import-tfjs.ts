/**
 * Imports a TF.js layers-format model (model.json + weight files) as a model spec with its flat
 * parameter vector. The files are untrusted: the JSON is type-checked, every manifest entry's
 * name, dtype and shape is checked against the weights the model needs, and every group's byte
 * count against its shard files, before a float is read. All mismatches are reported together in
 * one TfjsImportError, one line each.
 *
 * With `into`, the weights are loaded into that (existing) model instead of the file's topology:
 * its layers are matched by name and its shapes must agree.
 *
 * The weights a model needs, and their names, come from the same plan the export writes
 * (tfjs-plan.ts): attention layers written as groups of core layers are read back through their
 * metadata (composite-import.ts); a head's weight slices are put back into the flat
 * [D, H*dk] parameters, and the export's constants (position ids, mask tables) must be unchanged.
 * Our export's feature / target scaling layers are taken back out into `preprocessing`
 * (tfjs-preprocessing.ts), their weights checked against the constants in the metadata.
 */
import { analyzeModel, formatSpecError, type ModelGraph } from '../../engine/graph';
import { layoutParams } from '../../engine/params';
import { SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type LossName, type ModelSpec, type OptimizerSpec } from '../../engine/spec';
import { isRefusal } from '../layer-table';
import type { ExportFile } from '../trained-model';
import { topologyToLayers } from './topology-to-spec';
import { tfjsPlan, type TfjsPlan } from './tfjs-plan';
import { TFJS_LAYERS, type TfjsRow } from './tfjs-layers';
import { checkComposites, readComposites } from './composite-import';
import { showJson } from './show-json';
import type { CompositeMeta } from './tfjs-builder';
import type { Preprocessing } from '../../data/scaling';
import { stripTfjsPreprocessing } from './tfjs-preprocessing';

export class TfjsImportError extends Error {
  constructor(readonly problems: string[]) {
    super(`cannot import this TF.js model:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'TfjsImportError';
  }
}

export interface ImportedModel {
  spec: ModelSpec;
  params: Float32Array;
  /** The scaling our export applied in its preprocess / postprocess layers (now taken out of the model). */
  preprocessing?: Preprocessing;
}

export interface TfjsImportOptions {
  /** Load the weights into this model (layers matched by name) instead of the file's topology. */
  into?: ModelSpec;
}

/** Largest model.json read (bytes). */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface ManifestWeight {
  name: string;
  shape: number[];
  /** Where its bytes are: the group's concatenated shards, at byte offset. */
  group: number;
  offset: number;
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

function findModelJson(files: ExportFile[]): ExportFile {
  const exact = files.filter((f) => baseName(f.name) === 'model.json');
  if (exact.length === 1) return exact[0];
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  if (jsons.length === 1) return jsons[0];
  throw new TfjsImportError([exact.length > 1 || jsons.length > 1 ? 'more than one model.json among the files; give one model at a time' : 'no model.json among the files']);
}

function parseJson(f: ExportFile): Json {
  if (f.data.length > MAX_MODEL_JSON_BYTES) throw new TfjsImportError([`${f.name} is ${f.data.length} bytes, over the ${MAX_MODEL_JSON_BYTES}-byte limit`]);
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(f.data));
  } catch (e) {
    throw new TfjsImportError([`${f.name} is not valid UTF-8 JSON (${(e as Error).message})`]);
  }
  if (!isObj(v)) throw new TfjsImportError([`${f.name} must hold a JSON object`]);
  return v;
}

/** Reads the manifest: entries with byte offsets, and each group's concatenated shard bytes. */
function readManifest(manifest: unknown, files: ExportFile[], problems: string[]): { weights: ManifestWeight[]; groups: Uint8Array[] } {
  const weights: ManifestWeight[] = [];
  const groups: Uint8Array[] = [];
  if (!Array.isArray(manifest) || manifest.length === 0) {
    problems.push('weightsManifest must be a non-empty list of weight groups');
    return { weights, groups };
  }
  const byName = new Map(files.map((f) => [baseName(f.name), f.data]));
  for (const [g, group] of manifest.entries()) {
    const where = `weightsManifest[${g}]`;
    if (!isObj(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      problems.push(`${where} must be {paths: [...], weights: [...]}`);
      groups.push(new Uint8Array(0));
      continue;
    }
    const shards: Uint8Array[] = [];
    for (const p of group.paths) {
      const data = typeof p === 'string' ? byName.get(baseName(p)) : undefined;
      if (typeof p !== 'string') problems.push(`${where}.paths: ${showJson(p)} is not a file name`);
      else if (!data) problems.push(`${where}: weight file "${p}" is missing`);
      else shards.push(data);
    }
    const total = shards.reduce((a, s) => a + s.length, 0);
    const bytes = new Uint8Array(total);
    let at = 0;
    for (const s of shards) {
      bytes.set(s, at);
      at += s.length;
    }
    groups.push(bytes);
    let offset = 0;
    for (const [i, w] of group.weights.entries()) {
      const wi = `${where}.weights[${i}]`;
      if (!isObj(w) || typeof w.name !== 'string') {
        problems.push(`${wi} must be {name, shape, dtype}`);
        continue;
      }
      const name = w.name;
      if (w.dtype !== 'float32') problems.push(`weight "${name}": dtype ${showJson(w.dtype)} is not supported (only float32)`);
      if (w.quantization !== undefined) problems.push(`weight "${name}": quantized weights are not supported`);
      const shape = w.shape;
      if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
        problems.push(`weight "${name}": shape ${showJson(shape)} is not a list of whole numbers`);
        continue;
      }
      const count = shape.reduce((a: number, b: number) => a * b, 1);
      if (!Number.isSafeInteger(count * 4)) {
        problems.push(`weight "${name}": shape ${shapeText(shape)} is too large`);
        continue;
      }
      weights.push({ name, shape: shape as number[], group: g, offset });
      offset += count * 4;
    }
    if (shards.length === group.paths.length && offset !== total) {
      problems.push(
        offset > total
          ? `${where}: the weight file${shards.length > 1 ? 's hold' : ' holds'} ${total} bytes but the manifest needs ${offset} (the .bin is too short)`
          : `${where}: the weight file${shards.length > 1 ? 's hold' : ' holds'} ${total} bytes but the manifest describes only ${offset} (the .bin is too long)`,
      );
    }
  }
  const seen = new Set<string>();
  for (const w of weights) {
    if (seen.has(w.name)) problems.push(`weight "${w.name}" appears twice in the manifest`);
    seen.add(w.name);
  }
  return { weights, groups };
}

function readFloats(bytes: Uint8Array, offset: number, count: number): Float32Array {
  const out = new Float32Array(count);
  if (LITTLE_ENDIAN_HOST) new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + count * 4));
  else {
    const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
    for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
  }
  return out;
}

const LOSS_BY_ACTIVATION: Record<string, LossName> = { softmax: 'sparse_categorical_crossentropy', sigmoid: 'binary_crossentropy' };

const playgroundMeta = (json: Json): Json => (isObj(json.userDefinedMetadata) && isObj(json.userDefinedMetadata.playground) ? json.userDefinedMetadata.playground : {});

/**
 * A lower bound of the bytes the weight files of a valid export of `graph` hold: its parameters,
 * and the largest constants the export writes beside them (each row's `constantFloats` in the
 * TF.js table, tfjs-layers.ts).
 */
function minimumWeightBytes(graph: ModelGraph): number {
  let floats = graph.paramCount;
  for (const n of graph.nodes) {
    const row = TFJS_LAYERS[n.spec.type];
    if (!isRefusal(row)) floats += (row as TfjsRow<LayerSpec>).constantFloats?.(n.spec, n) ?? 0;
  }
  return floats * 4;
}

/**
 * Below this, a model too large for its weight files is still planned, so every mismatching weight
 * is listed by name; above it, the import stops first: a few bytes of model.json must not make it
 * build gigabytes of parameters and export constants.
 */
const PLAN_WITHOUT_WEIGHTS_BYTES = 16 * 1024 * 1024;

/** The spec of the file's topology (loss and optimizer from our metadata, else a sensible default). */
function specFromTopology(json: Json, composites: CompositeMeta[], problems: string[]): ModelSpec | null {
  const before = problems.length;
  const t = topologyToLayers(json.modelTopology, problems, composites);
  if (!t || problems.length > before) return null;
  const meta = playgroundMeta(json);
  const out = t.layers.find((l) => l.id === t.output);
  const act = out && (out.type === 'Dense' || out.type === 'Activation') ? (out.activation ?? 'linear') : 'linear';
  const spec: ModelSpec = {
    format: SPEC_FORMAT,
    version: SPEC_VERSION,
    name: typeof (json.modelTopology as Json)?.config === 'object' ? String(((json.modelTopology as Json).config as Json).name ?? 'imported') : 'imported',
    layers: t.layers,
    output: t.output,
    loss: typeof meta.loss === 'string' ? (meta.loss as LossName) : (LOSS_BY_ACTIVATION[act] ?? 'mse'),
    optimizer: isObj(meta.optimizer) ? (meta.optimizer as unknown as OptimizerSpec) : { type: 'adam' },
  };
  // An optimizer spec is flat: its fields are names and numbers (the engine's analysis checks which).
  const nested = Object.entries(spec.optimizer).filter(([, v]) => v !== null && typeof v === 'object');
  for (const [k] of nested) problems.push(`userDefinedMetadata.playground.optimizer ${showJson(k)}: must be a number, string or boolean, not a list or object`);
  if (nested.length) return null;
  if (typeof meta.weightDecay === 'number') spec.weightDecay = meta.weightDecay;
  if (typeof meta.clipNorm === 'number') spec.clipNorm = meta.clipNorm;
  // Untrusted: the engine's analysis checks the loss options (lossOptionsProblem) like any spec's.
  if (meta.lossOptions !== undefined) spec.lossOptions = meta.lossOptions as ModelSpec['lossOptions'];
  const a = analyzeModel(spec);
  if (!a.graph) {
    for (const e of a.errors) problems.push(`the model in the file is not valid here: ${formatSpecError(e)}`);
    return null;
  }
  return spec;
}

export function importTfjs(files: ExportFile[], opts: TfjsImportOptions = {}): ImportedModel {
  const json = parseJson(findModelJson(files));
  const problems: string[] = [];
  if (json.format !== undefined && json.format !== 'layers-model') problems.push(`format is ${showJson(json.format)}; only "layers-model" (tf.loadLayersModel) is supported`);
  const manifest = readManifest(json.weightsManifest, files, problems);
  const byName = new Map(manifest.weights.map((w) => [w.name, w]));
  const readWeight = (name: string) => {
    const w = byName.get(name);
    const count = w ? w.shape.reduce((a, b) => a * b, 1) : 0;
    return w && w.offset + count * 4 <= manifest.groups[w.group].length ? readFloats(manifest.groups[w.group], w.offset, count) : null;
  };
  const scaling = stripTfjsPreprocessing(json, playgroundMeta(json).preprocessing, problems, readWeight);
  const composites = opts.into ? [] : readComposites(playgroundMeta(json).composites, problems);
  const spec = opts.into ?? specFromTopology(json, composites, problems);
  if (!spec) throw new TfjsImportError(problems);
  if (!opts.into) {
    const fileBytes = manifest.groups.reduce((a, g) => a + g.length, 0);
    const need = minimumWeightBytes(analyzeModel(spec).graph!);
    if (need > fileBytes && need > PLAN_WITHOUT_WEIGHTS_BYTES) {
      throw new TfjsImportError([...problems, `the model in the file needs at least ${need} bytes of weights, but its weight files hold ${fileBytes}`]);
    }
  }
  let plan: TfjsPlan;
  try {
    plan = tfjsPlan(spec, { readGru: true });
  } catch (e) {
    throw new TfjsImportError([...problems, (e as Error).message]);
  }
  if (!opts.into) {
    const top = json.modelTopology as Json;
    const cfg = isObj(top.model_config) ? top.model_config.config : top.config;
    checkComposites(isObj(cfg) && Array.isArray(cfg.layers) ? cfg.layers : [], composites, plan, problems);
  }
  // Go on to match the weights by name even after a manifest problem: every mismatch is listed.

  const layout = layoutParams(plan.graph);
  const have = new Map(manifest.weights.map((w) => [w.name, w]));
  const params = new Float32Array(layout.total);
  const used = new Set<string>();
  for (const w of plan.weights) {
    const m = have.get(w.name);
    if (!m) {
      problems.push(`weight "${w.name}" ${shapeText(w.shape)} is missing from the file`);
      continue;
    }
    used.add(w.name);
    if (shapeText(m.shape) !== shapeText(w.shape)) {
      problems.push(`weight "${w.name}": the file has shape ${shapeText(m.shape)}, the model needs ${shapeText(w.shape)}`);
      continue;
    }
    const count = w.shape.reduce((a, b) => a * b, 1);
    const bytes = manifest.groups[m.group];
    if (m.offset + count * 4 > bytes.length) continue; // already reported as a short .bin
    const data = readFloats(bytes, m.offset, count);
    if (w.constant) {
      if (data.some((x, i) => !Object.is(x, w.constant![i]))) problems.push(`weight "${w.name}": a constant of the playground's export (position ids or a mask table) was changed`);
      continue;
    }
    const entry = layout.entries.find((e) => e.layer === w.layer && e.name === w.entry)!;
    if (!w.cols) {
      params.set(data, entry.offset);
      continue;
    }
    // A head's column slice [rows, count] of the entry [rows, C].
    const C = entry.shape[entry.shape.length - 1];
    const [first, n] = w.cols;
    for (let r = 0; r < count / n; r++) params.set(data.subarray(r * n, r * n + n), entry.offset + r * C + first);
  }
  for (const w of manifest.weights) if (!used.has(w.name) && !scaling?.weights.has(w.name)) problems.push(`weight "${w.name}" ${shapeText(w.shape)} in the file belongs to no layer of the model`);
  if (problems.length) throw new TfjsImportError(problems);
  return scaling ? { spec, params, preprocessing: scaling.preprocessing } : { spec, params };
}
