/**
 * Launchers of noise.wgsl: SpatialDropout1D/2D (one keep draw per sample and channel) and
 * GaussianNoise (x + stddev * N(0, 1)), their draws rebuilt from the Step uniform's seed, the
 * element index and a per-layer salt as Dropout's (dropout.wgsl). x, y, dy, dx [E] flat, viewed
 * as [N, S, C] by the spatial kernels. One element per invocation, workgroups of 64 split under 65535.
 */
import type { Binding, Constants, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';
import { dropoutScale, dropoutThreshold } from '../dropout/dropout';

const grid = (E: number) => splitGrid(Math.ceil(E / 64));

export interface SpatialDropoutRun {
  step: Binding;
  /** Elements of the whole batch; S*C per sample; C channels. */
  elements: number;
  perSample: number;
  channels: number;
  /** Rate and per-layer salt while training; null (or rate 0): a plain copy. */
  dropout: { rate: number; salt: number } | null;
}

function spatialConstants(a: SpatialDropoutRun): Constants {
  const r = a.dropout;
  const base = { E: a.elements, SC: a.perSample, C: a.channels };
  return r && r.rate > 0 ? { ...base, TRAIN: true, THRESH: dropoutThreshold(r.rate), SCALE: dropoutScale(r.rate), SALT: r.salt } : { ...base, TRAIN: false };
}

/** y = keep(n, c) ? x * scale : 0. */
export function spatialDropoutForward(d: Dispatcher, a: SpatialDropoutRun & { x: Binding; y: Binding }): void {
  d.dispatch('spatial_dropout_forward', spatialConstants(a), [a.step, a.x, a.y], grid(a.elements));
}

/** dx (=|+=) keep(n, c) ? dy * scale : 0, the forward's mask. */
export function spatialDropoutBackward(d: Dispatcher, a: SpatialDropoutRun & { dy: Binding; dx: Binding; accumulate: boolean }): void {
  d.dispatch('spatial_dropout_backward', { ...spatialConstants(a), ACCUMULATE: a.accumulate }, [a.step, a.dy, a.dx], grid(a.elements));
}

/** y = x + stddev * z (training with stddev > 0), else a copy. The backward is copy_backward. */
export function gaussianNoiseForward(d: Dispatcher, a: { step: Binding; elements: number; noise: { stddev: number; salt: number } | null; x: Binding; y: Binding }): void {
  const n = a.noise;
  const c: Constants = n && n.stddev > 0 ? { E: a.elements, TRAIN: true, STDDEV: n.stddev, SALT: n.salt } : { E: a.elements, TRAIN: false };
  d.dispatch('gaussian_noise_forward', c, [a.step, a.x, a.y], grid(a.elements));
}
