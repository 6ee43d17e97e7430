/**
 * Keeping the saved run record in step with the saved weights. During a run the worker posts
 * weights only now and then (epoch-end snapshots, throttled), while the charts grow with every
 * progress message; so the page remembers where the current run stood when the latest weights
 * arrived (WeightsAt), and an autosave stores the current run cut back to that point. After a
 * reload (or a worker restart) the run record therefore never lists epochs beyond the weights'
 * epoch. Choice: trim when saving (the stored document is always consistent), not when loading.
 */
import type { EpochReport } from '../../worker/protocol';
import type { ProjectDoc, RunRecord } from '../project/types';

/** Where the current run stood when the weights the page holds were taken. */
export interface WeightsAt {
  /** The run the weights belong to; a later run (say, new settings) has nothing covered yet. */
  runId: number;
  /** Chart points up to this x (epochs) were trained by the weights. */
  x: number;
  /** The run's last epoch report at that time. */
  last: EpochReport | null;
}

const maxX = (r: RunRecord): number => Math.max(-Infinity, ...r.train.map((p) => p.x), ...r.val.map((p) => p.x));

/** The whole of `run` so far (weights just arrived, or were read with the document). */
export function weightsAtOf(run: RunRecord): WeightsAt {
  return { runId: run.id, x: maxX(run), last: run.last };
}

/** Fresh weights for run `runId`: none of it is covered yet. */
export const freshAt = (runId: number): WeightsAt => ({ runId, x: -Infinity, last: null });

/** `run` cut back to what the weights cover; unchanged when `at` is null (unknown). */
export function runAtWeights(run: RunRecord, at: WeightsAt | null): RunRecord {
  if (!at) return run;
  if (run.id !== at.runId) return run.train.length || run.val.length || run.last ? { ...run, train: [], val: [], last: null } : run;
  const eps = 1e-9;
  const keep = (p: { x: number }) => p.x <= at.x + eps;
  if (run.train.every(keep) && run.val.every(keep) && run.last === at.last) return run;
  return { ...run, train: run.train.filter(keep), val: run.val.filter(keep), last: at.last };
}

/** The document to store: its current run cut back to the stored weights. */
export function docAtWeights(doc: ProjectDoc, at: WeightsAt | null): ProjectDoc {
  return doc.current ? { ...doc, current: runAtWeights(doc.current, at) } : doc;
}
