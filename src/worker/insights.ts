/**
 * What the evaluation panel shows beyond loss and accuracy, computed from model outputs in the
 * worker: confusion matrices, prediction-vs-target samples, and the 2D grid (plus a sample of
 * training points) behind the decision-boundary heat map.
 */
import type { Dataset } from '../data/dataset';
import type { BoundaryReport } from './protocol';

/** counts[actual][predicted] from [n, classes] probabilities and class-id labels. */
export function confusionMatrix(probs: Float32Array, labels: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const n = labels.length;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    const actual = labels[i];
    if (actual >= 0 && actual < classes) m[actual][best]++;
  }
  return m;
}

/** Up to `max` evenly spaced (target, prediction) pairs of output 0. */
export function predictionScatter(outputs: Float32Array, ds: Dataset, outputCount: number, max = 400): { target: number; prediction: number }[] {
  const stride = Math.max(1, Math.ceil(ds.n / max));
  const targetWidth = Math.max(1, ds.y.length / Math.max(1, ds.n));
  const out: { target: number; prediction: number }[] = [];
  for (let i = 0; i < ds.n; i += stride) out.push({ target: ds.y[i * targetWidth], prediction: outputs[i * outputCount] });
  return out;
}

/** The extent of the first two features, padded by 10%. */
export function extentOf(ds: Dataset): [number, number, number, number] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < ds.n; i++) {
    const x = ds.x[i * 2];
    const y = ds.x[i * 2 + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (!Number.isFinite(x0)) return [-1, 1, -1, 1];
  const px = (x1 - x0) * 0.1 || 1;
  const py = (y1 - y0) * 0.1 || 1;
  return [x0 - px, x1 + px, y0 - py, y1 + py];
}

/** A dataset of resolution^2 grid points over `extent` (targets zero), shaped like `like`. */
export function gridDataset(like: Dataset, extent: [number, number, number, number], resolution: number): Dataset {
  const n = resolution * resolution;
  const x = new Float32Array(n * 2);
  const [x0, x1, y0, y1] = extent;
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      const i = r * resolution + c;
      x[i * 2] = x0 + ((c + 0.5) / resolution) * (x1 - x0);
      x[i * 2 + 1] = y0 + ((r + 0.5) / resolution) * (y1 - y0);
    }
  }
  const targetWidth = like.task === 'classification' ? 1 : Math.max(1, like.targetShape.reduce((a, b) => a * b, 1));
  const y = like.task === 'classification' ? new Int32Array(n) : new Float32Array(n * targetWidth);
  return { ...like, name: 'grid', n, x, y };
}

/** Up to `max` training points for the heat map overlay. */
export function samplePoints(ds: Dataset, max = 300): BoundaryReport['points'] {
  const stride = Math.max(1, Math.ceil(ds.n / max));
  const targetWidth = Math.max(1, ds.y.length / Math.max(1, ds.n));
  const out: BoundaryReport['points'] = [];
  for (let i = 0; i < ds.n; i += stride) out.push({ x: ds.x[i * 2], y: ds.x[i * 2 + 1], label: ds.y[i * targetWidth] });
  return out;
}
