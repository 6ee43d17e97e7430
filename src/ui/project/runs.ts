/**
 * Run bookkeeping for the charts: a run's label, how an earlier run's settings differ from the
 * current ones (for the legend), and the compact form of a run that is stored.
 */
import { optimizerDefaults } from '../../engine/spec';
import { minMaxDecimate } from '../model/decimate';
import type { RunConfig, RunRecord } from './types';

export const SAME_SETTINGS = 'same settings';

const sig = (v: number): string => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

function scheduleLabel(c: RunConfig): string {
  return c.settings.schedule.kind;
}

/** Short "what is different" text, e.g. "lr 0.1 · batch 64", relative to `now`. Empty when nothing differs. */
/** `name`: how a dataset id is shown (an upload by its file name; model/dataset-name.ts). */
export function describeDiff(run: RunConfig | null, now: RunConfig | null, name: (id: string) => string = (id) => id): string {
  if (!run) return '';
  if (!now) return summarize(run, name);
  const parts: string[] = [];
  if (run.dataset !== now.dataset) parts.push(`data ${name(run.dataset)}`);
  if (run.archKey !== now.archKey) parts.push(`${run.layers} layers, ${run.params.toLocaleString('en-US')} params`);
  const a = optimizerDefaults(run.optimizer);
  const b = optimizerDefaults(now.optimizer);
  if (a.type !== b.type) parts.push(a.type);
  if (a.lr !== b.lr) parts.push(`lr ${sig(a.lr)}`);
  if (run.settings.batchSize !== now.settings.batchSize) parts.push(`batch ${run.settings.batchSize}`);
  if (scheduleLabel(run) !== scheduleLabel(now)) parts.push(`${scheduleLabel(run)} schedule`);
  if (run.settings.seed !== now.settings.seed) parts.push(`seed ${run.settings.seed}`);
  if (run.settings.validationSplit !== now.settings.validationSplit) parts.push(`val ${Math.round(run.settings.validationSplit * 100)}%`);
  return parts.join(' · ') || SAME_SETTINGS;
}

export function summarize(c: RunConfig, name: (id: string) => string = (id) => id): string {
  const o = optimizerDefaults(c.optimizer);
  return `${o.type} lr ${sig(o.lr)} · batch ${c.settings.batchSize} · ${name(c.dataset)}`;
}

/** The stored form: series decimated to at most `max` points each. */
export function compactRun(r: RunRecord, max = 500): RunRecord {
  return { ...r, train: minMaxDecimate(r.train, max, (p) => p.loss), val: minMaxDecimate(r.val, max, (p) => p.loss) };
}

export const hasPoints = (r: RunRecord | null): boolean => !!r && (r.train.length > 0 || r.val.length > 0);
