/**
 * TensorFlow-Playground-style 2D toy datasets. Classification: circles, xor, gaussians, spiral
 * (2 balanced classes, labels 0/1 where 1 is Playground's "+1"/blue). Regression: plane and
 * gaussian (a radial bump). Inputs live roughly in [-6, 6]^2 like the Playground. Rows are
 * shuffled, so any prefix is class-mixed. `noise` is a fraction like the Playground's 0-50%
 * slider (0 = clean, 0.5 = very noisy); each generator documents what it does with it.
 */

import type { Dataset } from './dataset';
import { dcos, dexp, dsin } from './detmath';
import { createRng, type Rng } from './rng';

export interface Synthetic2dOptions {
  /** Number of rows (>= 1). Classification splits it as ceil(n/2) class 0, floor(n/2) class 1. */
  readonly n: number;
  /** Noise level, >= 0; typically 0..0.5. */
  readonly noise: number;
  /** Integer seed; same options => identical dataset. */
  readonly seed: number;
}

export const CLASS_NAMES_2D: readonly string[] = ['negative', 'positive'];

/** Plane regression target: y = PLANE_A * x0 + PLANE_B * x1 + PLANE_C (+ noise). */
export const PLANE_A = 0.1;
export const PLANE_B = -0.05;
export const PLANE_C = 0.1;
/** Gaussian bump target: y = exp(-(x0^2 + x1^2) / (2 * BUMP_SIGMA^2)) (+ noise), in (0, 1]. */
export const BUMP_SIGMA = 2;
/** Regression target noise is Gaussian with std = REGRESSION_NOISE_STD * noise. */
export const REGRESSION_NOISE_STD = 0.5;

const TWO_PI = 6.283185307179586;
const PI = 3.141592653589793;

function checkOptions(name: string, opts: Synthetic2dOptions): void {
  if (!Number.isInteger(opts.n) || opts.n < 1) throw new RangeError(`${name}: n must be a positive integer, got ${opts.n}`);
  if (!Number.isFinite(opts.noise) || opts.noise < 0) throw new RangeError(`${name}: noise must be a finite number >= 0, got ${opts.noise}`);
  if (!Number.isInteger(opts.seed)) throw new RangeError(`${name}: seed must be an integer, got ${opts.seed}`);
}

/** Returns one sample (x0, x1, label) generated as class `cls`, the i-th of `countInClass`. */
type PointFn = (rng: Rng, cls: number, i: number, countInClass: number) => [number, number, number];

function buildClassification(name: string, opts: Synthetic2dOptions, point: PointFn): Dataset {
  checkOptions(name, opts);
  const { n } = opts;
  const rng = createRng(opts.seed).fork(name);
  const order = rng.fork('order').permutation(n);
  const sampler = rng.fork('points');
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const counts = [Math.ceil(n / 2), Math.floor(n / 2)];
  let k = 0;
  for (let cls = 0; cls < 2; cls++) {
    for (let i = 0; i < counts[cls]; i++, k++) {
      const [a, b, label] = point(sampler, cls, i, counts[cls]);
      const row = order[k];
      x[row * 2] = a;
      x[row * 2 + 1] = b;
      y[row] = label;
    }
  }
  return {
    name, task: 'classification', n, inputShape: [2], inputDtype: 'float32', x, y,
    targetShape: [], numClasses: 2, classNames: CLASS_NAMES_2D,
  };
}

function buildRegression(name: string, opts: Synthetic2dOptions, target: (x0: number, x1: number) => number): Dataset {
  checkOptions(name, opts);
  const { n, noise } = opts;
  const rng = createRng(opts.seed).fork(name);
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = Math.fround(rng.uniform(-6, 6));
    const x1 = Math.fround(rng.uniform(-6, 6));
    x[i * 2] = x0;
    x[i * 2 + 1] = x1;
    y[i] = target(x0, x1) + rng.normal(0, REGRESSION_NOISE_STD * noise);
  }
  return { name, task: 'regression', n, inputShape: [2], inputDtype: 'float32', x, y, targetShape: [1] };
}

/**
 * Class 1: a disc of radius 2.5 around the origin; class 0: a ring with radius in [3.5, 5].
 * Noise: as in the Playground, the label is decided from the point shifted by
 * uniform(-5, 5) * noise per axis, so noisy points near the boundary get the other label.
 */
export function circles(opts: Synthetic2dOptions): Dataset {
  const R = 5;
  return buildClassification('circles', opts, (rng, cls) => {
    const r = cls === 1 ? rng.uniform(0, R * 0.5) : rng.uniform(R * 0.7, R);
    const angle = rng.uniform(0, TWO_PI);
    const a = r * dsin(angle);
    const b = r * dcos(angle);
    const na = rng.uniform(-R, R) * opts.noise;
    const nb = rng.uniform(-R, R) * opts.noise;
    const label = Math.sqrt((a + na) * (a + na) + (b + nb) * (b + nb)) < R * 0.5 ? 1 : 0;
    return [a, b, label];
  });
}

/**
 * Points uniform in [-5, 5]^2 pushed 0.3 away from the axes; class 1 when x0 * x1 >= 0.
 * Noise shifts the point used for labelling by uniform(-5, 5) * noise per axis.
 * Classes are balanced by sampling the quadrant pair from the requested class.
 */
export function xor(opts: Synthetic2dOptions): Dataset {
  const pad = 0.3;
  return buildClassification('xor', opts, (rng, cls) => {
    // Pick a quadrant of the requested class, then the magnitude in it.
    const sx = rng.int(2) === 0 ? -1 : 1;
    const sy = cls === 1 ? sx : -sx;
    const a = sx * (rng.uniform(0, 5) + pad);
    const b = sy * (rng.uniform(0, 5) + pad);
    const na = rng.uniform(-5, 5) * opts.noise;
    const nb = rng.uniform(-5, 5) * opts.noise;
    const label = (a + na) * (b + nb) >= 0 ? 1 : 0;
    return [a, b, label];
  });
}

/**
 * Two Gaussian blobs: class 1 centred at (2, 2), class 0 at (-2, -2), variance 0.5 + 7 * noise
 * (the Playground's 0.5..4 over noise 0..0.5). Labels are never flipped; noise only widens blobs.
 */
export function gaussians(opts: Synthetic2dOptions): Dataset {
  const std = Math.sqrt(0.5 + 7 * opts.noise);
  return buildClassification('gaussians', opts, (rng, cls) => {
    const c = cls === 1 ? 2 : -2;
    return [rng.normal(c, std), rng.normal(c, std), cls];
  });
}

/**
 * Two interleaved spirals with radius growing to 5 over 1.75 turns; class 0 is class 1 rotated
 * by pi. Noise adds uniform(-1, 1) * noise to each coordinate (the Playground's spiral noise).
 */
export function spiral(opts: Synthetic2dOptions): Dataset {
  return buildClassification('spiral', opts, (rng, cls, i, count) => {
    const r = (i / count) * 5;
    const t = ((1.75 * i) / count) * TWO_PI + (cls === 1 ? 0 : PI);
    const a = r * dsin(t) + rng.uniform(-1, 1) * opts.noise;
    const b = r * dcos(t) + rng.uniform(-1, 1) * opts.noise;
    return [a, b, cls];
  });
}

/**
 * Regression on x uniform in [-6, 6]^2: y = 0.1 * x0 - 0.05 * x1 + 0.1 + N(0, (0.5 * noise)^2)
 * (see PLANE_A/B/C); the clean target lies in [-0.8, 1.0].
 */
export function plane(opts: Synthetic2dOptions): Dataset {
  return buildRegression('plane', opts, (x0, x1) => PLANE_A * x0 + PLANE_B * x1 + PLANE_C);
}

/**
 * Regression on x uniform in [-6, 6]^2: a radial bump y = exp(-(x0^2 + x1^2) / (2 * 2^2))
 * + N(0, (0.5 * noise)^2); the clean target lies in (0, 1].
 */
export function gaussian(opts: Synthetic2dOptions): Dataset {
  return buildRegression('gaussian', opts, (x0, x1) => dexp(-(x0 * x0 + x1 * x1) / (2 * BUMP_SIGMA * BUMP_SIGMA)));
}
