/**
 * Import of an untrusted ONNX file into a model whose graph matches, reading the initializers our
 * export writes (export-onnx.ts) by name. Which element of which initializer holds which
 * parameter is not restated here: the model is exported with every parameter set to its own index
 * (base 4096 digits, exact in float32) and once with zeros, so each initializer element is either
 * a constant (the same in both) or a copy of one parameter (transposes, LSTM / GRU gate reorders
 * included). The file's values are then read back through that map; an initializer that is
 * missing, misshapen, not float, or disagrees with itself where one parameter was written twice
 * is listed, one line each.
 */
import { buildGraph } from '../../engine/graph';
import type { ModelSpec } from '../../engine/spec';
import type { Preprocessing } from '../../data/scaling';
import { layoutParams } from '../../engine/params';
import type { TrainedModel } from '../trained-model';
import { formatBytes } from '../safetensors';
import { exportOnnx } from './export-onnx';
import { OnnxReadError, readInitializers } from './onnx-reader';

export class OnnxImportError extends Error {
  readonly problems: string[];
  constructor(message: string, problems: string[] = []) {
    super(problems.length ? `${message}\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.problems = problems;
    this.name = 'OnnxImportError';
  }
}

export const MAX_ONNX_BYTES = 2 ** 31;
const DIGIT = 4096;

/** For each initializer of our export of `spec`: its dims and, per element, the parameter it copies (-1 for a constant). */
function parameterMap(spec: ModelSpec, total: number, preprocessing: Preprocessing | null): Map<string, { dims: number[]; index: Int32Array }> {
  const layout = layoutParams(buildGraph(spec));
  const exportWith = (f: (i: number) => number) => {
    const params = new Float32Array(layout.total);
    for (const e of layout.entries) for (let i = e.offset; i < e.offset + e.length; i++) params[i] = f(i);
    const model: TrainedModel = { spec, layout, params, preprocessing };
    return readInitializers(exportOnnx(model)[0].data);
  };
  const zero = exportWith(() => 0);
  const low = exportWith((i) => (i % DIGIT) + 1);
  const high = total > DIGIT - 1 ? exportWith((i) => Math.floor(i / DIGIT) + 1) : null;
  const out = new Map<string, { dims: number[]; index: Int32Array }>();
  for (const [name, z] of zero) {
    const zv = z.values();
    const lv = low.get(name)?.values();
    if (!(zv instanceof Float32Array) || !(lv instanceof Float32Array)) continue;
    const hv = high?.get(name)?.values() ?? null;
    const index = new Int32Array(zv.length).fill(-1);
    let any = false;
    for (let k = 0; k < zv.length; k++) {
      if (lv[k] === zv[k]) continue;
      const lo = lv[k] - 1;
      const hi = hv ? hv[k] - 1 : 0;
      const p = hi * DIGIT + lo;
      // A plain copy of one parameter, or this initializer cannot be read back element by element.
      if (zv[k] !== 0 || !Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || lo >= DIGIT || p < 0 || p >= total) {
        throw new OnnxImportError(`initializer "${name}" of the ONNX export is not a plain copy of the model's weights, so it cannot be imported`);
      }
      index[k] = p;
      any = true;
    }
    if (any) out.set(name, { dims: z.dims, index });
  }
  return out;
}

/** The weights of an ONNX file for `spec` (with the model's scaling, which our export writes as nodes), or OnnxImportError. */
export function importOnnx(spec: ModelSpec, bytes: Uint8Array, fileName = 'the file', preprocessing: Preprocessing | null = null): TrainedModel {
  if (bytes.length > MAX_ONNX_BYTES) throw new OnnxImportError(`${fileName}: ${formatBytes(bytes.length)} is more than the ${formatBytes(MAX_ONNX_BYTES)} limit`);
  let inits;
  try {
    inits = readInitializers(bytes);
  } catch (e) {
    if (e instanceof OnnxReadError) throw new OnnxImportError(`${fileName} is not a readable ONNX model: ${e.message}`);
    throw e;
  }
  const layout = layoutParams(buildGraph(spec));
  const params = new Float32Array(layout.total);
  const seen = new Uint8Array(layout.total);
  const problems: string[] = [];
  for (const [name, want] of parameterMap(spec, layout.total, preprocessing)) {
    const t = inits.get(name);
    const dims = `[${want.dims.join(',')}]`;
    if (!t) {
      problems.push(`initializer "${name}" ${dims} is missing from the file`);
      continue;
    }
    if (t.dims.length !== want.dims.length || t.dims.some((d, i) => d !== want.dims[i])) {
      problems.push(`initializer "${name}": the file has shape [${t.dims.join(',')}], the model needs ${dims}`);
      continue;
    }
    if (t.external) {
      problems.push(`initializer "${name}": its values are in an external file, which an import cannot read`);
      continue;
    }
    const values = t.values();
    if (!values || values.length !== want.index.length) {
      problems.push(`initializer "${name}": not ${want.index.length} float32 or float64 values`);
      continue;
    }
    let clash = false;
    for (let k = 0; k < values.length; k++) {
      const p = want.index[k];
      if (p < 0) continue;
      const v = Math.fround(values[k]);
      if (seen[p] && !Object.is(params[p], v) && !(Number.isNaN(v) && Number.isNaN(params[p]))) clash = true;
      params[p] = v;
      seen[p] = 1;
    }
    if (clash) problems.push(`initializer "${name}": a weight written twice in the model holds two different values`);
  }
  if (problems.length) throw new OnnxImportError(`${fileName} does not match the model${spec.name ? ` "${spec.name}"` : ''} (${problems.length} problem${problems.length === 1 ? '' : 's'}):`, problems);
  for (const e of layout.entries) {
    for (let i = e.offset; i < e.offset + e.length; i++) {
      if (!seen[i]) throw new OnnxImportError(`${fileName}: the model's parameter ${e.layer}.${e.name} is not in any initializer of our ONNX export (this layer does not import from ONNX)`);
    }
  }
  return { spec, layout, params, preprocessing };
}
