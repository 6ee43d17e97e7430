/** Test helper: nearest-class-centroid classifier; returns accuracy on `test` after fitting `train`. */
import type { Dataset } from '../../src/data/dataset';

export function nearestCentroidAccuracy(train: Dataset, test: Dataset): number {
  const d = train.inputShape.reduce((a, b) => a * b, 1);
  const k = train.numClasses ?? 0;
  const mu = new Float64Array(k * d);
  const count = new Float64Array(k);
  for (let i = 0; i < train.n; i++) {
    const c = train.y[i];
    count[c]++;
    for (let j = 0; j < d; j++) mu[c * d + j] += train.x[i * d + j];
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) mu[c * d + j] /= Math.max(count[c], 1);
  let correct = 0;
  for (let i = 0; i < test.n; i++) {
    let best = -1;
    let bestDist = Infinity;
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = test.x[i * d + j] - mu[c * d + j];
        s += t * t;
      }
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    if (best === test.y[i]) correct++;
  }
  return correct / test.n;
}
