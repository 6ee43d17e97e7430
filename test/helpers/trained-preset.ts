/**
 * A preset after a short seeded training run on real WebGPU, with the playground's own predictions
 * on fixed inputs: what export and import tests compare every consumer (PyTorch, Keras, ONNX
 * Runtime, TensorFlow.js) against. Same preset + options -> same weights and predictions.
 *
 * Several export test files ask for the same presets, so results are cached on disk
 * (node_modules/.cache/trained-presets), keyed by the preset, the options and a hash of every
 * source file that could change them (src/kernels, src/engine, src/data, src/gpu, src/presets): a
 * change to any of those retrains.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gpu } from './gpu';
import { Trainer } from '../../src/engine/trainer';
import { findPreset, type Preset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import { takeRows } from '../../src/data/split';
import type { Dataset } from '../../src/data/dataset';
import { trainedModel, type TrainedModel } from '../../src/io/trained-model';

export interface TrainedPreset {
  preset: Preset;
  model: TrainedModel;
  /** Fixed inputs: the first `probe` rows of the preset's test split. */
  inputs: Dataset;
  /** The playground's outputs for `inputs`, [probe, outputs] (probabilities for classifiers). */
  predictions: Float32Array;
  outputs: number;
}

export interface TrainOptions {
  /** Training steps (batches of the preset's batch size); default 3. */
  steps?: number;
  /** Rows to predict on; default 8. */
  probe?: number;
  seed?: number;
}

const ROOT = path.resolve(__dirname, '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'trained-presets');
const SOURCES = ['src/kernels', 'src/engine', 'src/data', 'src/gpu', 'src/presets', 'README.md' /* the char-lm corpus */, 'test/helpers/trained-preset.ts'];

let sourceHash: string | null = null;
function hashSources(): string {
  if (sourceHash) return sourceHash;
  const h = createHash('sha256');
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) visit(path.join(p, f));
    else h.update(path.relative(ROOT, p)).update(readFileSync(p));
  };
  for (const s of SOURCES) visit(path.join(ROOT, s));
  return (sourceHash = h.digest('hex'));
}

const floats = (b: Buffer) => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

/** trainPreset, answered from the disk cache when the same run was done with the same sources. */
export async function trainPreset(presetId: string, opts: TrainOptions = {}): Promise<TrainedPreset> {
  const key = createHash('sha256').update(JSON.stringify([presetId, opts, hashSources()])).digest('hex').slice(0, 32);
  const dir = path.join(CACHE, key);
  const preset = findPreset(presetId);
  if (preset && existsSync(path.join(dir, 'done'))) {
    const probe = opts.probe ?? 8;
    const { test } = await loadDataset(preset.dataset, { seed: opts.seed ?? 1 });
    const inputs = takeRows(test, Uint32Array.from({ length: Math.min(probe, test.n) }, (_, i) => i));
    const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { outputs: number };
    const params = floats(readFileSync(path.join(dir, 'params.bin')));
    const predictions = floats(readFileSync(path.join(dir, 'predictions.bin')));
    return { preset, model: trainedModel(preset.spec, params), inputs, predictions, outputs: meta.outputs };
  }
  const t = await trainPresetNow(presetId, opts);
  // Written to a private folder and renamed: parallel test files never read a half-written entry.
  const tmp = `${dir}.${process.pid}.tmp`;
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'params.bin'), t.model.params);
  writeFileSync(path.join(tmp, 'predictions.bin'), t.predictions);
  writeFileSync(path.join(tmp, 'meta.json'), JSON.stringify({ outputs: t.outputs }));
  writeFileSync(path.join(tmp, 'done'), '');
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process finished the same entry first.
    rmSync(tmp, { recursive: true, force: true });
  }
  return t;
}

async function trainPresetNow(presetId: string, opts: TrainOptions): Promise<TrainedPreset> {
  const preset = findPreset(presetId);
  if (!preset) throw new Error(`unknown preset ${presetId}`);
  const steps = opts.steps ?? 3;
  const probe = opts.probe ?? 8;
  const seed = opts.seed ?? 1;
  const { device, pipelines } = await gpu();
  const splits = await loadDataset(preset.dataset, { seed });
  const rows = Math.min(splits.train.n, steps * preset.train.batchSize);
  const train = takeRows(splits.train, Uint32Array.from({ length: rows }, (_, i) => i));
  const inputs = takeRows(splits.test, Uint32Array.from({ length: Math.min(probe, splits.test.n) }, (_, i) => i));
  const trainer = await Trainer.create(device, pipelines, preset.spec, { train }, { ...preset.train, seed });
  try {
    await trainer.trainEpoch();
    const params = await trainer.readParams();
    const predictions = await trainer.predict(inputs);
    return { preset, model: trainedModel(preset.spec, params), inputs, predictions, outputs: trainer.model.lossPlan.classes };
  } finally {
    trainer.destroy();
  }
}
