/**
 * Shared parts of the export tests: which presets a format can carry (every preset is iterated and
 * each exclusion states its reason), and the Python round trip that loads every exported preset in
 * one process and compares its predictions with the playground's.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Preset } from '../../src/presets/presets';
import { runPython } from '../helpers/python';
import { trainPreset, type TrainedPreset } from '../helpers/trained-preset';
import { sampleOutputShape } from './zoo';
import { maxAbsDiff } from './tfjs-load';

export function unsupportedReason(p: Preset, supported: readonly string[], extra?: (p: Preset) => string | null): string | null {
  const missing = [...new Set(p.spec.layers.map((l) => l.type).filter((t) => !supported.includes(t)))];
  if (missing.length) return `no export for ${missing.join(', ')} yet`;
  return extra ? extra(p) : null;
}

export const hasConv = (p: Preset): boolean => p.spec.layers.some((l) => l.type === 'Conv2D');

/** Layer types before the attention issue. */
export const PRE_ATTENTION_LAYERS = ['Input', 'Dense', 'Activation', 'Add', 'Flatten', 'Reshape', 'Conv2D', 'MaxPooling2D', 'AveragePooling2D', 'GlobalAveragePooling2D', 'Dropout', 'Embedding', 'SimpleRNN', 'LSTM', 'GRU', 'Bidirectional'];

export const ATTENTION_LAYERS = ['LayerNormalization', 'PositionEmbedding', 'GlobalAveragePooling1D', 'MultiHeadAttention'];

/** Everything the engine trains: what the PyTorch, ONNX and Keras exports carry. */
export const ALL_LAYERS = [...PRE_ATTENTION_LAYERS, ...ATTENTION_LAYERS];

/** TensorFlow.js has no GRU with reset_after=true (the only GRU the playground trains). */
export const TFJS_LAYERS = ALL_LAYERS.filter((t) => t !== 'GRU');

export type PythonPrediction<Extra> = ({ y: number[]; shape: number[] } & Extra) | { error: string };

/**
 * Trains every preset the format supports (cached), exports each with `exportOne`, writes the file
 * and the preset's probe inputs to `dir`, and runs one Python process (`script`) that loads and
 * predicts all of them: `{ models: [{ id, path, x, dtype, shape }] }` in, `{ [id]: prediction }` out.
 */
export async function predictAllInPython<Extra>(
  script: string,
  dir: string,
  presets: readonly Preset[],
  ext: string,
  exportOne: (t: TrainedPreset) => Promise<Uint8Array> | Uint8Array,
): Promise<{ trained: Map<string, TrainedPreset>; results: Record<string, PythonPrediction<Extra>> }> {
  const trained = new Map<string, TrainedPreset>();
  const models = [];
  for (const p of presets) {
    const t = await trainPreset(p.id);
    trained.set(p.id, t);
    const modelPath = path.join(dir, `${p.id}${ext}`);
    const xPath = path.join(dir, `${p.id}.x.bin`);
    writeFileSync(modelPath, await exportOne(t));
    writeFileSync(xPath, new Uint8Array(t.inputs.x.buffer, t.inputs.x.byteOffset, t.inputs.x.byteLength));
    models.push({ id: p.id, path: modelPath, x: xPath, dtype: t.inputs.inputDtype, shape: [t.inputs.n, ...t.inputs.inputShape] });
  }
  const results = runPython<Record<string, PythonPrediction<Extra>>>(script, { models }, { timeoutMs: 300_000 });
  return { trained, results };
}

/** The consumer's predictions for preset `p` against the playground's: exact shape [n, ...the model's output shape] ([n, classes], or [n, T, classes] per position), then max abs difference within 1e-5 (1e-4 with convolutions). */
export function expectSamePresetOutputs<Extra>(consumer: string, p: Preset, r: PythonPrediction<Extra> | { y: ArrayLike<number>; shape: number[] } | undefined, t: TrainedPreset): void {
  if (!r) throw new Error(`${consumer}: no result for ${p.id}`);
  if ('error' in r) throw new Error(`${consumer}: ${r.error}`);
  expect(r.shape).toEqual([t.inputs.n, ...sampleOutputShape(p.spec)]);
  const diff = maxAbsDiff(r.y, t.predictions);
  const tol = hasConv(p) ? 1e-4 : 1e-5;
  console.log(`${consumer} ${p.id}: max abs diff ${diff.toExponential(2)} (tolerance ${tol})`);
  expect(diff).toBeLessThanOrEqual(tol);
}
