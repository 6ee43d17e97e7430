/**
 * Structural validation of untrusted project data (uploaded files, share links, old storage):
 * returns a clean ProjectCore or a message saying what is wrong. Everything the editor renders
 * is type-checked (layer types and fields, loss, optimizer and its ranges, settings, sizes);
 * graph errors (shapes, wiring) are not rejected here; the editor shows them.
 */
import { isDatasetId } from '../../data/catalog';
import { SCALING_MODES, type ScalingMode } from '../../data/scaling';
import { isUploadId } from '../../data/uploads/types';
import { validateSchedule, type LrSchedule } from '../../engine/schedules';
import { lossOptionsProblem } from '../../engine/losses';
import { LOSSES, OPTIMIZERS, SPEC_FORMAT, SPEC_VERSION, type ModelSpec, type OptimizerName, type OptimizerSpec } from '../../engine/spec';
import { hyperProblem, optimizerHyperFields } from '../../engine/optimizers';
import { layerDef } from '../../engine/layers/registry';
import { MAX_LAYERS } from '../../engine/graph';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../engine/json-depth';
import type { TrainSettings } from '../../presets/presets';
import { analyzeForEditor } from '../model/analysis';
import type { ProjectCore } from './types';
import { idProblem, layerProblem } from './validate-layers';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export const MAX_NAME = 200;
export const MAX_BATCH = 4096;
export const MAX_EPOCHS = 100_000;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : (JSON.stringify(v) ?? String(v)).slice(0, 80));

/** A name of at most MAX_NAME characters, or why not. */
export function nameProblem(v: unknown, what: string): string | null {
  if (typeof v !== 'string') return `${what} must be text`;
  if (v.length > MAX_NAME) return `${what} is ${v.length.toLocaleString('en-US')} characters long; at most ${MAX_NAME} are allowed`;
  return null;
}

/** Each optimizer's hyperparameters and their ranges come from the optimizer table. */
export function validateOptimizer(o: unknown): Result<OptimizerSpec> {
  if (!isObj(o)) return { ok: false, error: 'the model spec has no optimizer' };
  if (typeof o.type !== 'string' || !(OPTIMIZERS as readonly string[]).includes(o.type)) return { ok: false, error: `the optimizer ${show(o.type)} is unknown; use one of ${OPTIMIZERS.join(', ')}` };
  for (const f of optimizerHyperFields(o.type as OptimizerName)) {
    const v = o[f.key];
    if (v === undefined) continue;
    const bad = hyperProblem(f, v, 'project');
    if (bad) return { ok: false, error: typeof f.default === 'boolean' ? `optimizer.${f.key} ${bad}` : `optimizer.${f.key} ${bad} (got ${show(v)})` };
  }
  return { ok: true, value: o as unknown as OptimizerSpec };
}

/** Deep nesting overflows the stack of whatever formats a message about it: refused first. */
const TOO_DEEP = (what: string) => `${what} nests more than ${MAX_JSON_DEPTH} levels deep`;

export function validateSpec(v: unknown): Result<ModelSpec> {
  if (!isObj(v)) return { ok: false, error: 'the model spec is missing or not an object' };
  if (nestsDeeperThan(v)) return { ok: false, error: TOO_DEEP('the model spec') };
  if (v.format !== SPEC_FORMAT) return { ok: false, error: `the model spec format is ${show(v.format)}, expected "${SPEC_FORMAT}"` };
  if (v.version !== SPEC_VERSION) return { ok: false, error: `the model spec is version ${show(v.version)}; this app reads version ${SPEC_VERSION}` };
  if (v.name !== undefined) {
    const bad = nameProblem(v.name, 'the model name');
    if (bad) return { ok: false, error: bad };
  }
  if (!Array.isArray(v.layers)) return { ok: false, error: 'the model spec has no list of layers' };
  if (v.layers.length > MAX_LAYERS) return { ok: false, error: `the model has ${v.layers.length.toLocaleString('en-US')} layers; at most ${MAX_LAYERS.toLocaleString('en-US')} are allowed` };
  for (const [i, l] of v.layers.entries()) {
    const bad = layerProblem(l, i);
    if (bad) return { ok: false, error: bad };
  }
  if (typeof v.output !== 'string') return { ok: false, error: 'the model spec names no output layer' };
  if (v.output !== '' && idProblem(v.output)) return { ok: false, error: `the output layer ${idProblem(v.output)}` };
  if (typeof v.loss !== 'string' || !(LOSSES as readonly string[]).includes(v.loss)) return { ok: false, error: `the loss ${show(v.loss)} is unknown; use one of ${LOSSES.join(', ')}` };
  const lossBad = lossOptionsProblem(v.lossOptions);
  if (lossBad) return { ok: false, error: lossBad };
  const opt = validateOptimizer(v.optimizer);
  if (!opt.ok) return opt;
  for (const key of ['weightDecay', 'clipNorm'] as const) {
    if (v[key] !== undefined && !(isNum(v[key]) && v[key] >= 0)) return { ok: false, error: `${key} must be a finite number >= 0 (got ${show(v[key])})` };
  }
  return { ok: true, value: v as unknown as ModelSpec };
}

export function validateSettings(v: unknown): Result<TrainSettings> {
  if (!isObj(v)) return { ok: false, error: 'the training settings are missing' };
  if (nestsDeeperThan(v)) return { ok: false, error: TOO_DEEP('the training settings') };
  if (!isInt(v.batchSize, 1, MAX_BATCH)) return { ok: false, error: `settings.batchSize must be a whole number from 1 to ${MAX_BATCH}` };
  if (!isInt(v.epochs, 1, MAX_EPOCHS)) return { ok: false, error: `settings.epochs must be a whole number from 1 to ${MAX_EPOCHS}` };
  if (!isInt(v.seed, 0)) return { ok: false, error: 'settings.seed must be a whole number >= 0' };
  if (!(isNum(v.validationSplit) && v.validationSplit >= 0 && v.validationSplit < 1)) return { ok: false, error: 'settings.validationSplit must be in [0, 1)' };
  const s = v.schedule ?? { kind: 'constant' };
  const bad = isObj(s) ? validateSchedule(s as unknown as LrSchedule) : 'the schedule must be an object';
  if (bad) return { ok: false, error: `settings.schedule: ${bad.replace(/\.$/, '')}` };
  if (v.scaling !== undefined && !(SCALING_MODES as readonly unknown[]).includes(v.scaling)) return { ok: false, error: `settings.scaling must be one of ${SCALING_MODES.join(', ')} (got ${show(v.scaling)})` };
  const base = { batchSize: v.batchSize, epochs: v.epochs, seed: v.seed, validationSplit: v.validationSplit, schedule: s as unknown as LrSchedule };
  return { ok: true, value: v.scaling === undefined ? base : { ...base, scaling: v.scaling as ScalingMode } };
}

export function validateDataset(v: unknown): Result<ProjectCore['dataset']> {
  if (typeof v !== 'string' || !(isDatasetId(v) || isUploadId(v))) return { ok: false, error: `unknown dataset ${show(v)}` };
  return { ok: true, value: v };
}

export function validateCore(v: unknown): Result<ProjectCore> {
  if (!isObj(v)) return { ok: false, error: 'expected a JSON object' };
  if (nestsDeeperThan(v)) return { ok: false, error: TOO_DEEP('the project') };
  const spec = validateSpec(v.spec);
  if (!spec.ok) return spec;
  const dataset = validateDataset(v.dataset);
  if (!dataset.ok) return dataset;
  const settings = validateSettings(v.settings);
  if (!settings.ok) return settings;
  const core = { spec: spec.value, dataset: dataset.value, settings: settings.value };
  // Belt and braces: the editor analyses every core it shows; one that makes the analysis throw is refused here.
  try {
    analyzeForEditor(core, (t) => layerDef(t)?.arity);
  } catch (e) {
    return { ok: false, error: `the model cannot be analysed (${e instanceof Error ? e.message : String(e)})` };
  }
  return { ok: true, value: core };
}
