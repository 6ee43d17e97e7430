/**
 * Structural validation of untrusted project data (uploaded files, share links, old storage):
 * returns a clean ProjectCore or a message saying what is wrong. Graph errors (shapes, wiring)
 * are not rejected here; the editor shows them.
 */
import { isDatasetId } from '../../data/catalog';
import { isUploadId } from '../../data/uploads/types';
import { validateSchedule, type LrSchedule } from '../../engine/schedules';
import { SPEC_FORMAT, SPEC_VERSION, type ModelSpec } from '../../engine/spec';
import type { TrainSettings } from '../../presets/presets';
import type { ProjectCore } from './types';

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;

export function validateSpec(v: unknown): Result<ModelSpec> {
  if (!isObj(v)) return { ok: false, error: 'the model spec is missing or not an object' };
  if (v.format !== SPEC_FORMAT) return { ok: false, error: `the model spec format is ${JSON.stringify(v.format)}, expected "${SPEC_FORMAT}"` };
  if (v.version !== SPEC_VERSION) return { ok: false, error: `the model spec is version ${JSON.stringify(v.version)}; this app reads version ${SPEC_VERSION}` };
  if (!Array.isArray(v.layers)) return { ok: false, error: 'the model spec has no list of layers' };
  for (const [i, l] of v.layers.entries()) {
    if (!isObj(l) || typeof l.id !== 'string' || typeof l.type !== 'string') return { ok: false, error: `layer #${i + 1} needs a string id and type` };
    if (l.inputs !== undefined && (!Array.isArray(l.inputs) || l.inputs.some((s) => typeof s !== 'string'))) return { ok: false, error: `layer "${l.id}": inputs must be a list of layer ids` };
  }
  if (typeof v.output !== 'string') return { ok: false, error: 'the model spec names no output layer' };
  if (typeof v.loss !== 'string') return { ok: false, error: 'the model spec names no loss' };
  if (!isObj(v.optimizer) || typeof v.optimizer.type !== 'string') return { ok: false, error: 'the model spec has no optimizer' };
  return { ok: true, value: v as unknown as ModelSpec };
}

export function validateSettings(v: unknown): Result<TrainSettings> {
  if (!isObj(v)) return { ok: false, error: 'the training settings are missing' };
  if (!isInt(v.batchSize, 1)) return { ok: false, error: 'settings.batchSize must be a whole number >= 1' };
  if (!isInt(v.epochs, 1)) return { ok: false, error: 'settings.epochs must be a whole number >= 1' };
  if (!isInt(v.seed, 0)) return { ok: false, error: 'settings.seed must be a whole number >= 0' };
  if (!(typeof v.validationSplit === 'number' && v.validationSplit >= 0 && v.validationSplit < 1)) return { ok: false, error: 'settings.validationSplit must be in [0, 1)' };
  const s = v.schedule ?? { kind: 'constant' };
  const bad = isObj(s) ? validateSchedule(s as unknown as LrSchedule) : 'the schedule must be an object';
  if (bad) return { ok: false, error: `settings.schedule: ${bad}` };
  return { ok: true, value: { batchSize: v.batchSize, epochs: v.epochs, seed: v.seed, validationSplit: v.validationSplit, schedule: s as unknown as LrSchedule } };
}

export function validateCore(v: unknown): Result<ProjectCore> {
  if (!isObj(v)) return { ok: false, error: 'expected a JSON object' };
  const spec = validateSpec(v.spec);
  if (!spec.ok) return spec;
  if (typeof v.dataset !== 'string' || !(isDatasetId(v.dataset) || isUploadId(v.dataset))) return { ok: false, error: `unknown dataset ${JSON.stringify(v.dataset)}` };
  const settings = validateSettings(v.settings);
  if (!settings.ok) return settings;
  return { ok: true, value: { spec: spec.value, dataset: v.dataset, settings: settings.value } };
}
