/**
 * Generated waveform sequences for recurrent models: n samples of `steps` (default 100) float32
 * values, inputShape [steps, 1], 10 classes of noisy waveform families. Every sample draws a
 * random frequency (2-4 cycles over the sequence, scaled per family), phase, amplitude (0.8-1.2),
 * DC offset (+/-0.1) and family-specific parameters, and adds Gaussian noise of std `noise`
 * (default 0.05). Classes are balanced (round-robin, then shuffled). Random phase and frequency
 * make raw values useless: a model has to read the shape over time (a SimpleRNN(64) gets > 90%).
 *
 * Deterministic and bit-identical on every platform: only the seeded RNG, + - * /, sqrt, floor,
 * abs and the deterministic sin/cos/exp of detmath.ts are used.
 */

import type { Dataset } from './dataset';
import { dexp, dsin } from './detmath';
import { createRng, type Rng } from './rng';

export const WAVE_CLASS_NAMES: readonly string[] = [
  'sine', 'square', 'sawtooth', 'step', 'triangle', 'chirp', 'damped', 'growing', 'pulse train', 'noise bursts',
];
export const WAVES_DEFAULT_STEPS = 100;
export const WAVES_DEFAULT_NOISE = 0.05;

const TWO_PI = 6.283185307179586;

export interface WavesOptions {
  /** Number of sequences (>= 1). */
  readonly n: number;
  /** Integer seed; same options => identical dataset. */
  readonly seed: number;
  /** Time steps per sequence (>= 8); default 100. */
  readonly steps?: number;
  /** Std of the additive Gaussian noise (>= 0); default 0.05. */
  readonly noise?: number;
}

function frac(v: number): number {
  return v - Math.floor(v);
}

/** sin(2π(f0 t + (f1 - f0) t² / 2 + phase)): frequency sweeping linearly from f0 to f1 cycles per sequence. */
function sweep(out: Float64Array, f0: number, f1: number, phase: number): void {
  const steps = out.length;
  for (let i = 0; i < steps; i++) {
    const t = i / steps;
    out[i] = dsin(TWO_PI * (f0 * t + ((f1 - f0) * t * t) / 2 + phase));
  }
}

/**
 * Writes one clean waveform of class `cls` into out[0..steps) (t = i / steps in [0, 1)).
 * The families differ in what a recurrent model can pick up while reading: smoothness versus
 * jumps (and how many per cycle), how fast the signal turns, whether that speeds up or slows
 * down, and where in time the energy sits.
 */
function waveform(cls: number, out: Float64Array, rng: Rng): void {
  const steps = out.length;
  const f = rng.uniform(2, 4); // cycles over the whole sequence
  const phase = rng.next(); // in cycles
  switch (cls) {
    case 0: // sine
      sweep(out, f, f, phase);
      break;
    case 1: // square, soft duty-cycle jitter
    {
      const duty = rng.uniform(0.4, 0.6);
      for (let i = 0; i < steps; i++) out[i] = frac(f * (i / steps) + phase) < duty ? 1 : -1;
      break;
    }
    case 2: // sawtooth: slow rise, sudden fall
      for (let i = 0; i < steps; i++) out[i] = 2 * frac(f * (i / steps) + phase) - 1;
      break;
    case 3: // step: one level shift (up or down) somewhere in the middle
    {
      const at = Math.floor(steps * rng.uniform(0.25, 0.75));
      const dir = rng.int(2) === 0 ? 1 : -1;
      for (let i = 0; i < steps; i++) out[i] = i < at ? -dir : dir;
      break;
    }
    case 4: // triangle
      for (let i = 0; i < steps; i++) out[i] = 2 * Math.abs(2 * frac(f * (i / steps) + phase) - 1) - 1;
      break;
    case 5: // chirp: 1-2 cycles per sequence, rising 5-7 fold
    {
      const lo = rng.uniform(1, 2);
      sweep(out, lo, lo * rng.uniform(5, 7), phase);
      break;
    }
    case 6: // damped sine: energy early
    {
      const tau = rng.uniform(0.12, 0.25);
      sweep(out, 1.5 * f, 1.5 * f, phase);
      for (let i = 0; i < steps; i++) out[i] *= dexp(-(i / steps) / tau);
      break;
    }
    case 7: // growing sine: energy late
    {
      const tau = rng.uniform(0.12, 0.25);
      sweep(out, 1.5 * f, 1.5 * f, phase);
      for (let i = 0; i < steps; i++) out[i] *= dexp(-(1 - i / steps) / tau);
      break;
    }
    case 8: // pulse train: short pulses (duty 10-20%) on a low baseline
    {
      const duty = rng.uniform(0.1, 0.2);
      for (let i = 0; i < steps; i++) out[i] = frac(f * (i / steps) + phase) < duty ? 1 : -0.3;
      break;
    }
    default: // noise bursts: 1-3 windows of white noise, silence elsewhere
    {
      out.fill(0);
      const bursts = 1 + rng.int(3);
      for (let b = 0; b < bursts; b++) {
        const len = Math.max(4, Math.floor(steps * rng.uniform(0.08, 0.2)));
        const start = rng.int(steps - len + 1);
        for (let i = start; i < start + len; i++) out[i] = rng.normal(0, 0.7);
      }
    }
  }
}

/** Generates the dataset; deterministic in all options. */
export function waves(opts: WavesOptions): Dataset {
  const { n, seed } = opts;
  const steps = opts.steps ?? WAVES_DEFAULT_STEPS;
  const noise = opts.noise ?? WAVES_DEFAULT_NOISE;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`waves: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(seed)) throw new RangeError(`waves: seed must be an integer, got ${seed}`);
  if (!Number.isInteger(steps) || steps < 8) throw new RangeError(`waves: steps must be an integer >= 8, got ${steps}`);
  if (!Number.isFinite(noise) || noise < 0) throw new RangeError(`waves: noise must be a finite number >= 0, got ${noise}`);
  const classes = WAVE_CLASS_NAMES.length;
  const rng = createRng(seed).fork('waves');
  const order = rng.fork('order').permutation(n);
  const sampler = rng.fork('samples');
  const x = new Float32Array(n * steps);
  const y = new Int32Array(n);
  const buf = new Float64Array(steps);
  for (let k = 0; k < n; k++) {
    const cls = k % classes;
    const row = order[k];
    waveform(cls, buf, sampler);
    const amp = sampler.uniform(0.8, 1.2);
    const offset = sampler.uniform(-0.1, 0.1);
    const base = row * steps;
    for (let i = 0; i < steps; i++) x[base + i] = amp * buf[i] + offset + sampler.normal(0, noise);
    y[row] = cls;
  }
  return {
    name: 'waves', task: 'classification', n, inputShape: [steps, 1], inputDtype: 'float32',
    x, y, targetShape: [], numClasses: classes, classNames: [...WAVE_CLASS_NAMES],
  };
}
