/**
 * What `npm run train` trains: a preset (--preset), a bare model spec (--spec FILE: the JSON of a
 * run's spec.json, or model.json in older runs, or the app's model), or a project file saved from the app (--project FILE: its
 * model, dataset and training settings), then the command line's overrides (--lr, --optimizer, --loss, --huber-delta, --label-smoothing, --class-weights,
 * --batch, --epochs, --seed). Everything read from a file is checked before use: the spec by the
 * engine's own validation (analyzeModel: format, version, layers, shapes, loss, optimizer and its
 * ranges), a project's format, version, dataset and settings with the app's rules and limits
 * (src/ui/project/validate.ts, which the CLI may not import: the same checks are repeated here).
 * Every problem is a UsageError naming the file and what is wrong.
 */
import { isDatasetId } from '../data/catalog';
import { SCALING_MODES, type ScalingMode } from '../data/scaling';
import { isUploadId } from '../data/uploads/types';
import { analyzeModel, formatSpecError } from '../engine/graph';
import { nestsDeeperThan } from '../engine/json-depth';
import { LOSSES, type LossName } from '../engine/losses';
import { parseClassWeights } from '../engine/class-weights';
import { OPTIMIZERS, optimizerDefaults, type OptimizerName } from '../engine/optimizers';
import { validateSchedule, type LrSchedule } from '../engine/schedules';
import type { ModelSpec } from '../engine/spec';
import { findPreset, PRESETS, type TrainSettings } from '../presets/presets';
import { nonNegativeInt, positiveInt, positiveNumber, UsageError } from './args';
import { readJsonFile } from './cli-main';

export const PROJECT_FILE_FORMAT = 'webgpu-playground/project';
export const PROJECT_FILE_VERSION = 1;
/** The app's limits on a project's settings (src/ui/project/validate.ts). */
export const MAX_BATCH = 4096;
export const MAX_EPOCHS = 100_000;

/** Settings of a bare spec: the presets' defaults. */
export const DEFAULT_SETTINGS: TrainSettings = { batchSize: 32, epochs: 10, seed: 1, validationSplit: 0.1, schedule: { kind: 'constant' } };

export interface ModelSource {
  kind: 'preset' | 'spec' | 'project';
  /** The preset's id, or the file's path. */
  id: string;
  title: string;
  presetId: string | null;
  spec: ModelSpec;
  settings: TrainSettings;
  /** The built-in dataset it trains on by default, or an upload id (which needs --data), or null (a bare spec). */
  dataset: string | null;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const show = (v: unknown): string => (JSON.stringify(v) ?? String(v)).slice(0, 80);

/** `v` as a model spec, or a UsageError "<what> is not a valid model: ..." listing the engine's errors. */
export function checkSpec(v: unknown, what: string): ModelSpec {
  if (!isObj(v)) throw new UsageError(`${what} is not a valid model: expected a JSON object (a model spec with "format": "webgpu-playground/model")`);
  let errors: string[];
  try {
    const a = analyzeModel(v as unknown as ModelSpec);
    errors = a.graph ? [] : a.errors.map(formatSpecError);
  } catch (e) {
    errors = [`it cannot be analysed (${(e as Error).message})`];
  }
  if (errors.length > 0) throw new UsageError(`${what} is not a valid model: ${errors.slice(0, 5).join('; ')}${errors.length > 5 ? `; and ${errors.length - 5} more` : ''}`);
  return v as unknown as ModelSpec;
}

/** A project's training settings with the app's rules (validateSettings). */
function checkSettings(v: unknown, file: string): TrainSettings {
  const bad = (msg: string) => new UsageError(`${file}: the project is invalid: ${msg}`);
  if (!isObj(v)) throw bad('the training settings are missing');
  if (!isInt(v.batchSize, 1, MAX_BATCH)) throw bad(`settings.batchSize must be a whole number from 1 to ${MAX_BATCH}`);
  if (!isInt(v.epochs, 1, MAX_EPOCHS)) throw bad(`settings.epochs must be a whole number from 1 to ${MAX_EPOCHS}`);
  if (!isInt(v.seed, 0)) throw bad('settings.seed must be a whole number >= 0');
  const split = v.validationSplit;
  if (!(typeof split === 'number' && split >= 0 && split < 1)) throw bad('settings.validationSplit must be in [0, 1)');
  const schedule = v.schedule ?? { kind: 'constant' };
  const sched = isObj(schedule) ? validateSchedule(schedule as unknown as LrSchedule) : 'the schedule must be an object';
  if (sched) throw bad(`settings.schedule: ${sched.replace(/\.$/, '')}`);
  if (v.scaling !== undefined && !(SCALING_MODES as readonly unknown[]).includes(v.scaling)) throw bad(`settings.scaling must be one of ${SCALING_MODES.join(', ')} (got ${show(v.scaling)})`);
  const base: TrainSettings = { batchSize: v.batchSize, epochs: v.epochs, seed: v.seed, validationSplit: split, schedule: schedule as unknown as LrSchedule };
  return v.scaling === undefined ? base : { ...base, scaling: v.scaling as ScalingMode };
}

/** A project file saved from the app (`*.playground.json`): its model, dataset and settings. */
export function readProjectFile(file: string): ModelSource {
  const data = readJsonFile(file, '--project');
  if (nestsDeeperThan(data)) throw new UsageError(`${file}: the project file nests too deeply; no project does`);
  if (!isObj(data) || data.format !== PROJECT_FILE_FORMAT) throw new UsageError(`${file} is not a playground project file (expected "format": "${PROJECT_FILE_FORMAT}")`);
  if (data.version !== PROJECT_FILE_VERSION) throw new UsageError(`${file}: project file version ${show(data.version)}; this CLI reads version ${PROJECT_FILE_VERSION}`);
  const p = data.project;
  if (!isObj(p)) throw new UsageError(`${file}: the project is invalid: expected a JSON object under "project"`);
  const spec = checkSpec(p.spec, `${file}: the project's model`);
  if (typeof p.dataset !== 'string' || !(isDatasetId(p.dataset) || isUploadId(p.dataset))) throw new UsageError(`${file}: the project is invalid: unknown dataset ${show(p.dataset)}`);
  const settings = checkSettings(p.settings, file);
  const name = typeof p.name === 'string' && p.name.trim() ? p.name.trim().slice(0, 200) : (spec.name ?? 'project');
  const presetId = typeof p.presetId === 'string' && findPreset(p.presetId) ? p.presetId : null;
  return { kind: 'project', id: file, title: name, presetId, spec, settings, dataset: p.dataset };
}

/** Exactly one of --preset, --spec, --project. */
export function modelSource(v: { preset?: string; spec?: string; project?: string }): ModelSource {
  const given = (['preset', 'spec', 'project'] as const).filter((k) => v[k] !== undefined);
  if (given.length === 0) throw new UsageError('missing --preset, --spec FILE or --project FILE; run with --help to list presets');
  if (given.length > 1) throw new UsageError(`give one of --preset, --spec, --project, not ${given.map((k) => `--${k}`).join(' and ')}`);
  if (v.preset !== undefined) {
    const preset = findPreset(v.preset);
    if (!preset) throw new UsageError(`unknown preset "${v.preset}"; known: ${PRESETS.map((p) => p.id).join(', ')}`);
    return { kind: 'preset', id: preset.id, title: preset.title, presetId: preset.id, spec: preset.spec, settings: preset.train, dataset: preset.dataset };
  }
  if (v.project !== undefined) return readProjectFile(v.project);
  const file = v.spec!;
  const spec = checkSpec(readJsonFile(file, '--spec'), file);
  return { kind: 'spec', id: file, title: spec.name ?? file, presetId: null, spec, settings: DEFAULT_SETTINGS, dataset: null };
}

export interface Overrides {
  lr?: string;
  optimizer?: string;
  loss?: string;
  'huber-delta'?: string;
  'label-smoothing'?: string;
  'class-weights'?: string;
  batch?: string;
  epochs?: string;
  seed?: string;
}

/** The source's spec and settings with the command line's overrides applied (and checked). */
export function applyOverrides(src: Pick<ModelSource, 'spec' | 'settings'>, o: Overrides): { spec: ModelSpec; settings: TrainSettings } {
  const epochs = positiveInt('epochs', o.epochs, src.settings.epochs);
  const batchSize = positiveInt('batch', o.batch, src.settings.batchSize);
  const seed = nonNegativeInt('seed', o.seed, src.settings.seed);
  const lr = positiveNumber('lr', o.lr);
  let optimizer = src.spec.optimizer;
  if (o.optimizer !== undefined) {
    if (!(OPTIMIZERS as readonly string[]).includes(o.optimizer)) throw new UsageError(`--optimizer must be one of ${OPTIMIZERS.join(', ')}, got "${o.optimizer}"`);
    // Another optimizer starts from its own defaults at the model's learning rate; the same one keeps its settings.
    if (o.optimizer !== optimizer.type) optimizer = { type: o.optimizer as OptimizerName, lr: optimizerDefaults(optimizer).lr } as typeof optimizer;
  }
  if (lr !== undefined) optimizer = { ...optimizer, lr };
  let loss = src.spec.loss;
  if (o.loss !== undefined) {
    if (!(LOSSES as readonly string[]).includes(o.loss)) throw new UsageError(`--loss must be one of ${LOSSES.join(', ')}, got "${o.loss}"`);
    loss = o.loss as LossName;
  }
  const delta = positiveNumber('huber-delta', o['huber-delta']);
  const smoothing = o['label-smoothing'];
  if (smoothing !== undefined && !(Number(smoothing) >= 0 && Number(smoothing) < 1 && smoothing.trim() !== '')) throw new UsageError(`--label-smoothing must be a number in [0, 1), got "${smoothing}"`);
  const weights = o['class-weights'] === undefined ? undefined : parseClassWeights(o['class-weights']);
  if (weights && !Array.isArray(weights)) throw new UsageError(`--class-weights: ${weights.error}`);
  const changes = { ...(delta !== undefined ? { delta } : {}), ...(smoothing !== undefined ? { labelSmoothing: Number(smoothing) } : {}), ...(weights ? { classWeights: weights } : {}) };
  const lossOptions = Object.keys(changes).length ? { ...src.spec.lossOptions, ...changes } : src.spec.lossOptions;
  const same = optimizer === src.spec.optimizer && loss === src.spec.loss && lossOptions === src.spec.lossOptions;
  const spec = same ? src.spec : checkSpec({ ...src.spec, optimizer, loss, ...(lossOptions ? { lossOptions } : {}) }, 'the model with these options');
  return { spec, settings: { ...src.settings, epochs, batchSize, seed } };
}
