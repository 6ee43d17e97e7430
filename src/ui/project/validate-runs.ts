/**
 * Schemas (valibot) for the run records and the evaluation a project carries: every field typed
 * and range-checked, unknown fields stripped. A metric may be NaN (a diverged run), which JSON
 * writes as null, so a metric accepts null and reads it back as NaN.
 */
import * as v from 'valibot';
import { LOSSES } from '../../engine/spec';
import type { EvalReport } from '../../worker/protocol';
import type { RunRecord } from './types';
import { validateDataset, validateOptimizer, validateSettings } from './validate';

/** Points per series accepted on import (stored runs are decimated to about 500). */
export const MAX_SERIES = 100_000;
/** Classes a confusion matrix may have. */
export const MAX_CLASSES = 1000;
export const MAX_SCATTER = 10_000;
export const MAX_ARCH_KEY = 2_000_000;
/** Length of one evaluation warning (a sentence or two). */
export const MAX_WARNING = 1_000;

const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const finite = v.pipe(v.number(), v.finite());
/** A number, NaN or Infinity included (null from JSON reads as NaN). */
const metric = v.pipe(
  v.union([v.number(), v.nan(), v.null_()]),
  v.transform((x) => x ?? NaN),
);
const optionalMetric = v.union([v.number(), v.nan(), v.null_()]);
const fraction = v.pipe(
  metric,
  v.check((x) => Number.isNaN(x) || (x >= 0 && x <= 1), 'must be in [0, 1]'),
);
const optionalFraction = v.union([v.null_(), fraction]);

/** A check with the message of a hand validator (validate.ts). */
function via<T>(check: (x: unknown) => { ok: true; value: T } | { ok: false; error: string }) {
  return v.rawTransform<unknown, T>(({ dataset, addIssue, NEVER }) => {
    const r = check(dataset.value);
    if (r.ok) return r.value;
    addIssue({ message: r.error });
    return NEVER;
  });
}

const point = v.object({ x: finite, loss: metric, acc: optionalMetric });
const series = v.pipe(v.array(point), v.maxLength(MAX_SERIES, `has more than ${MAX_SERIES.toLocaleString('en-US')} points`));

const runConfig = v.object({
  dataset: v.pipe(v.unknown(), via(validateDataset)),
  loss: v.picklist(LOSSES),
  optimizer: v.pipe(v.unknown(), via(validateOptimizer)),
  settings: v.pipe(v.unknown(), via(validateSettings)),
  params: count,
  layers: count,
  archKey: v.pipe(v.string(), v.maxLength(MAX_ARCH_KEY)),
});

const epochReport = v.object({
  epoch: count,
  loss: metric,
  accuracy: fraction,
  valLoss: optionalMetric,
  valAccuracy: optionalFraction,
  samplesPerSec: metric,
  seconds: metric,
  lr: metric,
  steps: count,
  partial: v.boolean(),
});

export const runSchema = v.object({
  id: count,
  startedAt: finite,
  config: v.nullable(runConfig),
  train: series,
  val: series,
  last: v.nullable(epochReport),
});

const confusion = v.pipe(
  v.array(v.array(count)),
  v.minLength(2, 'needs at least 2 classes'),
  v.maxLength(MAX_CLASSES, `has more than ${MAX_CLASSES} classes`),
  v.check((m) => m.every((row) => row.length === m.length), 'must be square (one column per class)'),
);

export const evaluationSchema = v.pipe(
  v.object({
    split: v.picklist(['train', 'validation', 'test']),
    loss: metric,
    accuracy: fraction,
    count,
    confusion: v.nullable(confusion),
    scatter: v.nullable(v.pipe(v.array(v.object({ target: metric, prediction: metric })), v.maxLength(MAX_SCATTER))),
    regression: v.optional(v.nullable(v.object({ r2: metric, mae: metric, baselineMse: metric, predictionSpread: metric, targetSpread: metric }))),
    warnings: v.optional(v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_WARNING))), v.maxLength(8))),
  }),
  v.check((e) => !e.confusion || e.confusion.flat().reduce((a, b) => a + b, 0) <= e.count, 'confusion: holds more samples than the evaluation counted'),
);

/** The issues of a failed parse as one line: "path: message; ...". */
function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 3)
    .map((i) => {
      const path = v.getDotPath(i);
      const message = i.type === 'object' && i.received === 'undefined' ? 'missing' : i.message;
      return path ? `${path}: ${message}` : message;
    })
    .join('; ');
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function checkRun(x: unknown): Checked<RunRecord> {
  const r = v.safeParse(runSchema, x);
  return r.success ? { ok: true, value: r.output as RunRecord } : { ok: false, error: describe(r.issues) };
}

export function checkEvaluation(x: unknown): Checked<EvalReport> {
  const r = v.safeParse(evaluationSchema, x);
  return r.success ? { ok: true, value: r.output as EvalReport } : { ok: false, error: describe(r.issues) };
}
