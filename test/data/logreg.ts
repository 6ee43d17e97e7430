/**
 * Test helper: multinomial logistic regression trained by plain SGD in float64 (fixed order, no
 * randomness), for measuring how much of a dataset a linear model on its features can learn.
 */
export interface Rows {
  readonly n: number;
  readonly d: number;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  readonly classes: number;
}

export function trainLogReg(train: Rows, epochs: number, lr: number): (x: ArrayLike<number>, offset: number) => number {
  const { d, classes: k } = train;
  const w = new Float64Array(d * k);
  const b = new Float64Array(k);
  const p = new Float64Array(k);
  const scores = (x: ArrayLike<number>, off: number): void => {
    for (let c = 0; c < k; c++) p[c] = b[c];
    for (let j = 0; j < d; j++) {
      const v = x[off + j];
      if (v !== 0) for (let c = 0; c < k; c++) p[c] += w[j * k + c] * v;
    }
  };
  for (let e = 0; e < epochs; e++) {
    const rate = lr / (1 + e);
    for (let i = 0; i < train.n; i++) {
      const off = i * d;
      scores(train.x, off);
      let m = -Infinity;
      for (let c = 0; c < k; c++) m = Math.max(m, p[c]);
      let z = 0;
      for (let c = 0; c < k; c++) z += (p[c] = Math.exp(p[c] - m));
      for (let c = 0; c < k; c++) {
        const g = rate * (p[c] / z - (train.y[i] === c ? 1 : 0));
        b[c] -= g;
        for (let j = 0; j < d; j++) {
          const v = train.x[off + j];
          if (v !== 0) w[j * k + c] -= g * v;
        }
      }
    }
  }
  return (x, off) => {
    scores(x, off);
    let best = 0;
    for (let c = 1; c < k; c++) if (p[c] > p[best]) best = c;
    return best;
  };
}

/** Accuracy of logistic regression trained on `train`, on `test` (optionally only rows where keep(i)). */
export function logRegAccuracy(train: Rows, test: Rows, epochs: number, lr: number, keep?: (i: number) => boolean): number {
  const predict = trainLogReg(train, epochs, lr);
  let ok = 0;
  let total = 0;
  for (let i = 0; i < test.n; i++) {
    if (keep && !keep(i)) continue;
    total++;
    if (predict(test.x, i * test.d) === test.y[i]) ok++;
  }
  return ok / total;
}
