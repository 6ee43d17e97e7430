/**
 * Reading back a run directory that `npm run train` wrote (export, predict, evaluate, --resume):
 * spec.json (model.json in runs written before it) checked before anything of its size is allocated, weights.safetensors through the
 * import path (names, shapes, finite values), log.json (an object, old field names accepted), and
 * the run's data rebuilt exactly as training made it (dataset or files, seed, limit, splits).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetSplits } from '../data/dataset';
import { splitDataset, type TrainValidationSplit } from '../data/split';
import type { LrSchedule } from '../engine/schedules';
import type { ModelSpec } from '../engine/spec';
import { assertFiniteWeights } from '../io/finite';
import { importSafetensors } from '../io/import-safetensors';
import { entryData, type TrainedModel } from '../io/trained-model';
import { UsageError } from './args';
import { LEGACY_SPEC_FILE, LOG_FILE, SPEC_FILE, WEIGHTS_FILE } from './checkpoint';
import { readJsonFile } from './cli-main';
import { readEpochLog, type EpochLog } from './keras-logs';
import { checkSpec } from './model-source';
import { loadRunData, sourceOfLog, type DataSource, type RunDataSplits } from './run-data';
import { readRunLabels } from './run-labels';

export interface RunLog {
  preset?: string | null;
  source?: { kind: string; id: string; title: string };
  dataset?: string;
  data?: DataSource;
  trainLimit?: number | null;
  settings?: { epochs?: number; batchSize?: number; seed?: number; validationSplit?: number; schedule?: LrSchedule };
  epochs?: unknown[];
}

export interface Run {
  dir: string;
  model: TrainedModel;
  log: RunLog | null;
}

export function readRun(dir: string): Run {
  const legacy = join(dir, LEGACY_SPEC_FILE);
  const specPath = !existsSync(join(dir, SPEC_FILE)) && existsSync(legacy) ? legacy : join(dir, SPEC_FILE);
  const weightsPath = join(dir, WEIGHTS_FILE);
  for (const p of [specPath, weightsPath]) if (!existsSync(p)) throw new UsageError(`--run ${dir}: ${p} does not exist (is it a directory written by \`npm run train\`?)`);
  // The spec is checked (shapes, sizes) before anything of the model's size is allocated.
  const spec: ModelSpec = checkSpec(readJsonFile(specPath), specPath);
  const model = importSafetensors(spec, new Uint8Array(readFileSync(weightsPath)), weightsPath);
  try {
    assertFiniteWeights(weightsPath, model.layout.entries.map((e) => [`${e.layer}.${e.name}`, entryData(model, e)] as const));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const logPath = join(dir, LOG_FILE);
  const log = existsSync(logPath) ? (readJsonFile(logPath) as RunLog) : null;
  if (log !== null && (typeof log !== 'object' || Array.isArray(log))) throw new UsageError(`${logPath} must hold a JSON object (the run's log)`);
  return { dir, model: { ...model, ...readRunLabels(dir) }, log };
}

/** The epochs of a run's log, in Keras's names whatever version wrote them. */
export function runEpochs(log: RunLog | null): EpochLog[] {
  const raw = Array.isArray(log?.epochs) ? log.epochs : [];
  return raw.map((e, i) => readEpochLog(e, i)).filter((e): e is EpochLog => e !== null);
}

/** Training and validation parts: the dataset's own validation part (text corpora), else a seeded split. */
export function trainValidation(splits: DatasetSplits, validationSplit: number, seed: number): TrainValidationSplit {
  return splits.validation ? { train: splits.train, validation: splits.validation } : splitDataset(splits.train, validationSplit, seed);
}

export interface RunSettings {
  epochs: number;
  batchSize: number;
  seed: number;
  validationSplit: number;
  schedule: LrSchedule;
}

/** The settings a run trained with (older logs lack the schedule: the preset's, else constant). */
export function runSettings(run: Run, presetSchedule?: LrSchedule): RunSettings {
  const s = run.log?.settings;
  if (!s || s.seed === undefined || s.validationSplit === undefined) throw new UsageError(`${join(run.dir, LOG_FILE)} is missing or lacks the run's settings (seed, validation split)`);
  return { epochs: s.epochs ?? 1, batchSize: s.batchSize ?? 32, seed: s.seed, validationSplit: s.validationSplit, schedule: s.schedule ?? presetSchedule ?? { kind: 'constant' } };
}

/** The run's own data, regenerated exactly as `npm run train` made it (scaled as it trained, and raw). */
export async function runData(run: Run): Promise<RunDataSplits & { split: TrainValidationSplit; settings: RunSettings }> {
  const source = run.log ? sourceOfLog(run.log) : null;
  if (!source) throw new UsageError(`${join(run.dir, LOG_FILE)} is missing or does not say which data the run trained on`);
  const settings = runSettings(run);
  const data = await loadRunData(source, run.model.spec, settings.seed);
  return { ...data, split: trainValidation(data.splits, settings.validationSplit, settings.seed), settings };
}
