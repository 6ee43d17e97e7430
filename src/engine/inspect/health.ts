/**
 * Layer health in plain words: a pure function from the sampled statistics (oldest first) to the
 * warnings that hold at the latest sample. Thresholds (chosen to flag only clear trouble):
 * - dead: ≥ 50% of a ReLU layer's units never positive over the batch, in each of the last
 *   STREAK samples ("since epoch N" = the epoch where that unbroken run of samples began);
 * - saturated: ≥ 50% of a tanh / sigmoid layer's outputs within 3% of their bounds, same streak;
 * - vanishing / exploding: across depth, the first layer's gradient norm below 1e-3 (above 1e3)
 *   times the last layer's, or any layer's gradient norm above 1e3, same streak;
 * - update-ratio: |Δw| / |w| per step outside [1e-4, 1e-2] (about 1e-3 is healthy), same streak;
 * - non-finite: any NaN or infinite weight, gradient or output at the latest sample (at once).
 * Epochs in messages count from 1, as the progress lines do.
 */
import type { HealthWarning, LayerStats, StatsSample } from './stats-types';

/** Samples in a row a condition must hold before it is reported. */
export const STREAK = 3;
export const DEAD_AT = 0.5;
export const SATURATED_AT = 0.5;
export const DEPTH_RATIO = 1e3;
export const EXPLODING_NORM = 1e3;
export const UPDATE_LOW = 1e-4;
export const UPDATE_HIGH = 1e-2;

const pct = (f: number) => `${Math.round(f * 100)}%`;
const sci = (x: number) => x.toExponential(1);

/** The unbroken run of latest samples where `test` holds: its length and the epoch it began in. */
function streak(history: StatsSample[], test: (s: StatsSample) => boolean): { length: number; since: number } {
  let i = history.length;
  while (i > 0 && test(history[i - 1])) i--;
  return { length: history.length - i, since: i < history.length ? history[i].epoch + 1 : 0 };
}

const layerOf = (s: StatsSample, id: string): LayerStats | undefined => s.layers.find((l) => l.layer === id);

export function healthWarnings(history: StatsSample[]): HealthWarning[] {
  const last = history[history.length - 1];
  if (!last) return [];
  const out: HealthWarning[] = [];
  for (const l of last.layers) {
    const bad = [['weight', l.weights], ['gradient', l.grads], ['output', l.activations]] as const;
    const found = bad.filter(([, h]) => h && h.nonFinite > 0).map(([what, h]) => `${h!.nonFinite} ${what} value${h!.nonFinite === 1 ? '' : 's'}`);
    if (found.length > 0) {
      out.push({ layer: l.layer, kind: 'non-finite', message: `${l.layer}: ${found.join(', ')} are NaN or infinite; try a lower learning rate or clipping the gradients (clipNorm)` });
    }
  }
  for (const l of last.layers) {
    const id = l.layer;
    const held = (test: (x: LayerStats) => boolean) => streak(history, (s) => {
      const x = layerOf(s, id);
      return x !== undefined && test(x);
    });
    if (l.deadFraction !== null) {
      const r = held((x) => (x.deadFraction ?? 0) >= DEAD_AT);
      if (r.length >= STREAK) {
        out.push({ layer: id, kind: 'dead', message: `${id}: ${pct(l.deadFraction)} of its ReLU units have been dead since epoch ${r.since}; try a lower learning rate or he_normal initialisation` });
      }
    }
    if (l.saturatedFraction !== null) {
      const r = held((x) => (x.saturatedFraction ?? 0) >= SATURATED_AT);
      if (r.length >= STREAK) {
        out.push({ layer: id, kind: 'saturated', message: `${id}: ${pct(l.saturatedFraction)} of its outputs have been saturated (within 3% of their limits) since epoch ${r.since}, so little gradient passes through; try smaller initial weights, a lower learning rate or scaled inputs` });
      }
    }
    if (l.updateRatio !== null) {
      const low = held((x) => x.updateRatio !== null && x.updateRatio < UPDATE_LOW);
      const high = held((x) => x.updateRatio !== null && x.updateRatio > UPDATE_HIGH);
      if (low.length >= STREAK) {
        out.push({ layer: id, kind: 'update-ratio', message: `${id}: each step changes its weights by only ${sci(l.updateRatio)} of their size (about 1e-3 is healthy) since epoch ${low.since}; it learns slowly: try a higher learning rate` });
      } else if (high.length >= STREAK) {
        out.push({ layer: id, kind: 'update-ratio', message: `${id}: each step changes its weights by ${sci(l.updateRatio)} of their size (about 1e-3 is healthy) since epoch ${high.since}; training may be unstable: try a lower learning rate` });
      }
    }
  }
  out.push(...depthWarnings(history));
  return out;
}

/** Gradient norms of the layers with weights, first to last. */
const gradNorms = (s: StatsSample) => s.layers.filter((l) => l.gradNorm !== null && l.weights !== null).map((l) => ({ layer: l.layer, norm: l.gradNorm! }));

function depthWarnings(history: StatsSample[]): HealthWarning[] {
  const last = gradNorms(history[history.length - 1]);
  const ratio = (s: StatsSample) => {
    const g = gradNorms(s);
    return g.length >= 2 && g[g.length - 1].norm > 0 ? g[0].norm / g[g.length - 1].norm : null;
  };
  const out: HealthWarning[] = [];
  const big = last.filter((g) => g.norm > EXPLODING_NORM);
  const exploding = streak(history, (s) => gradNorms(s).some((g) => g.norm > EXPLODING_NORM) || (ratio(s) ?? 0) > DEPTH_RATIO);
  const vanishing = streak(history, (s) => {
    const r = ratio(s);
    return r !== null && r < 1 / DEPTH_RATIO;
  });
  if (exploding.length >= STREAK) {
    const r = ratio(history[history.length - 1]);
    const what = big.length > 0 ? `${big.map((g) => `${g.layer} has a gradient norm of ${sci(g.norm)}`).join(', ')}` : `the first layer's gradients are ${sci(r ?? 0)} times the last layer's`;
    out.push({ layer: null, kind: 'exploding', message: `Gradients are exploding since epoch ${exploding.since}: ${what}; try a lower learning rate, clipping the gradients (clipNorm) or smaller initial weights` });
  } else if (vanishing.length >= STREAK) {
    const r = ratio(history[history.length - 1])!;
    out.push({ layer: null, kind: 'vanishing', message: `Gradients are vanishing across depth since epoch ${vanishing.since}: ${last[0].layer}'s gradients are ${sci(r)} times ${last[last.length - 1].layer}'s, so the first layers barely learn; try relu with he_normal initialisation or a shallower network` });
  }
  return out;
}
