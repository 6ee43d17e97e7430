/**
 * One whole untrusted project (a file's `project` or a document read back from storage) checked
 * before it is stored or rendered. The model, dataset and settings must be valid or the project
 * is refused; a run or an evaluation that fails its schema is dropped with a note; history keeps
 * the newest MAX_HISTORY runs; positions keep only {x, y} of existing layers. Weights must fit the
 * model exactly (the worker's padded parameter layout) and be finite.
 */
import { analyzeModel } from '../../engine/graph';
import { layoutParams } from '../../engine/params';
import { archKey } from './keys';
import { MAX_HISTORY, type ProjectDoc, type RunRecord, type StoredWeights } from './types';
import { nameProblem, validateCore, type Result } from './validate';
import { checkEvaluation, checkRun, MAX_ARCH_KEY } from './validate-runs';
import { compactRun } from './runs';
import type { XY } from '../model/layout';

export type CheckedWeights = Omit<StoredWeights, 'projectId'>;
export interface CheckedProject {
  doc: Omit<ProjectDoc, 'id'>;
  weights: CheckedWeights | null;
  /** What was dropped, one sentence each. */
  notes: string[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function cleanPositions(v: unknown, ids: readonly string[]): Record<string, XY> {
  if (!isObj(v)) return {};
  const out: Record<string, XY> = {};
  for (const id of ids) {
    const p = Object.hasOwn(v, id) ? v[id] : undefined;
    if (isObj(p) && isNum(p.x) && isNum(p.y)) out[id] = { x: p.x, y: p.y };
  }
  return out;
}

function runOrNote(v: unknown, what: string, notes: string[]): RunRecord | null {
  if (v === null || v === undefined) return null;
  const r = checkRun(v);
  if (r.ok) return compactRun(r.value);
  notes.push(`${what} was dropped (${r.error}).`);
  return null;
}

/** Checks raw weights against `doc`'s model: the exact parameter count and finite values. */
export function checkWeights(w: unknown, core: Parameters<typeof archKey>[0]): Result<CheckedWeights | null> {
  if (!isObj(w) || !(w.params instanceof Float32Array) || !isCount(w.epoch) || !isCount(w.globalStep) || typeof w.archKey !== 'string' || w.archKey.length > MAX_ARCH_KEY) {
    return { ok: false, error: 'The weights are malformed (they need params, epoch, globalStep and archKey).' };
  }
  // Weights of another architecture are never applied (see openDoc); keep nothing of them.
  if (w.archKey !== archKey(core)) return { ok: true, value: null };
  const graph = analyzeModel(core.spec).graph;
  if (!graph) return { ok: false, error: 'The weights cannot be checked: the model has errors.' };
  const total = layoutParams(graph).total;
  if (w.params.length !== total) return { ok: false, error: `The weights hold ${w.params.length.toLocaleString('en-US')} values, but the model needs ${total.toLocaleString('en-US')}.` };
  const bad = w.params.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) return { ok: false, error: `The weights hold a non-finite value (${w.params[bad]}) at index ${bad.toLocaleString('en-US')}.` };
  return { ok: true, value: { params: w.params, epoch: w.epoch, globalStep: w.globalStep, archKey: w.archKey } };
}

/** Checks a project object; `now` stamps missing times. Errors are fragments (no full stop). */
export function checkProject(p: unknown, now: number = Date.now()): Result<CheckedProject> {
  const core = validateCore(p);
  if (!core.ok) return core;
  if (!isObj(p)) return { ok: false, error: 'expected a JSON object' };
  const notes: string[] = [];
  const rawName = p.name === undefined || p.name === null ? '' : p.name;
  const nameBad = nameProblem(rawName, 'the project name');
  if (nameBad) return { ok: false, error: nameBad };
  const name = (rawName as string).trim() || 'Imported project';
  if (p.presetId !== undefined && p.presetId !== null && nameProblem(p.presetId, 'presetId')) return { ok: false, error: nameProblem(p.presetId, 'presetId') as string };

  let history: RunRecord[] = [];
  if (Array.isArray(p.history)) {
    const dropped = Math.max(0, p.history.length - MAX_HISTORY);
    if (dropped > 0) notes.push(`${dropped.toLocaleString('en-US')} older runs were dropped (a project keeps its last ${MAX_HISTORY}).`);
    history = p.history.slice(dropped).flatMap((r, i) => runOrNote(r, `Earlier run #${dropped + i + 1}`, notes) ?? []);
  } else if (p.history !== undefined && p.history !== null) notes.push('The run history was dropped (it is not a list).');
  const current = runOrNote(p.current, 'The current run', notes);

  let evaluation: ProjectDoc['evaluation'] = null;
  if (p.evaluation !== null && p.evaluation !== undefined) {
    const e = checkEvaluation(p.evaluation);
    const out = analyzeModel(core.value.spec).graph?.output.out.shape;
    const classes = out && out.length > 0 ? Math.max(2, out[out.length - 1]) : null;
    if (!e.ok) notes.push(`The evaluation was dropped (${e.error}).`);
    else if (e.value.confusion && classes !== null && e.value.confusion.length !== classes)
      notes.push(`The evaluation was dropped (its confusion matrix has ${e.value.confusion.length} classes; the model has ${classes}).`);
    else evaluation = e.value;
  }

  const maxId = Math.max(0, ...history.map((r) => r.id), current?.id ?? 0);
  const nextRunId = isCount(p.nextRunId) && p.nextRunId > maxId ? p.nextRunId : maxId + 1;
  const doc: Omit<ProjectDoc, 'id'> = {
    ...core.value,
    name,
    createdAt: isNum(p.createdAt) ? p.createdAt : now,
    updatedAt: isNum(p.updatedAt) ? p.updatedAt : now,
    positions: cleanPositions(p.positions, core.value.spec.layers.map((l) => l.id)),
    presetId: typeof p.presetId === 'string' ? p.presetId : null,
    current,
    history,
    evaluation,
    nextRunId,
  };
  return { ok: true, value: { doc, weights: null, notes } };
}
