/**
 * A training run's files on disk, written so that an interrupted or diverged run still leaves a
 * usable directory: every file goes to a temporary name in the same directory and is then renamed
 * over the real one (a reader sees the old file or the new one, never half of one), and a
 * checkpoint (weights, optimizer state, the log so far) is only taken of finite weights.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { OptimizerState } from '../engine/trainer';
import type { ModelSpec } from '../engine/spec';
import { nonFiniteTensors, type NonFiniteTensor } from '../io/finite';
import { encodeOptimizerState, OPTIMIZER_STATE_FILE } from '../io/optimizer-state-file';
import { weightsFile } from '../io/torch/export-safetensors';
import { entryData, trainedModel } from '../io/trained-model';

export const WEIGHTS_FILE = 'weights.safetensors';
export const LOG_FILE = 'log.json';
/** The run's model spec (not TF.js's model.json, which an import would mistake it for). */
export const SPEC_FILE = 'spec.json';
/** Where runs written before spec.json kept the spec; still read. */
export const LEGACY_SPEC_FILE = 'model.json';

/** Writes `data` to `path` through a temporary file in the same directory and a rename. */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Removes the weight files a previous run left in `out` (they would not belong to this run's log). */
export function clearStaleWeights(out: string): void {
  for (const f of [WEIGHTS_FILE, OPTIMIZER_STATE_FILE]) rmSync(join(out, f), { force: true });
}

/** The tensors of `flat` (engine names) that hold NaN or infinite values; empty when all are finite. */
export function nonFiniteParams(spec: ModelSpec, flat: Float32Array): NonFiniteTensor[] {
  const model = trainedModel(spec, flat);
  return nonFiniteTensors(model.layout.entries.map((e) => [`${e.layer}.${e.name}`, entryData(model, e)] as const));
}

export interface CheckpointFiles {
  spec: ModelSpec;
  /** Finite parameters (the caller checked them with nonFiniteParams). */
  params: Float32Array;
  optimizer: OptimizerState;
  metadata: Record<string, string>;
  log: unknown;
}

/** Weights, then optimizer state, then the log (which says which epoch they are from), each atomically. */
export function writeCheckpoint(out: string, c: CheckpointFiles): void {
  const weights = weightsFile(trainedModel(c.spec, c.params), c.metadata);
  writeAtomic(join(out, weights.name), weights.data);
  writeAtomic(join(out, OPTIMIZER_STATE_FILE), encodeOptimizerState(c.optimizer));
  writeLog(out, c.log);
}

export function writeLog(out: string, log: unknown): void {
  writeAtomic(join(out, LOG_FILE), JSON.stringify(log, null, 2));
}
