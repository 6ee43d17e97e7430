/** npm run train: a diverged run prints the NaN trap's line (the layer and pass of the first non-finite value) before it exits 1. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli, tmp } from './spawn-cli';

describe('npm run train: the NaN trap', () => {
  it('names the loss as the first non-finite value of an lr-1e15 regression run, with its input range, then exits 1', () => {
    const out = join(tmp('nan-'), 'run');
    // One SGD step per epoch: epoch 1's step sends the weights to ~1e15, so epoch 2's predictions are ~1e30 and their squares overflow.
    const r = runCli('train', '--preset', 'regression', '--lr', '1e15', '--epochs', '3', '--train-limit', '40', '--batch', '64', '--out', out);
    expect(r.code).toBe(1);
    const line = r.out.split('\n').find((l) => l.startsWith('first non-finite value:'));
    const m = /^first non-finite value: the loss \(mse\) became non-finite at step 2 \(epoch 2, step 1\); its input \(linear_1\) ranged over \[(\S+), (\S+)\]\.$/.exec(line ?? '');
    expect(m, line).not.toBeNull();
    const [lo, hi] = [Number(m![1]), Number(m![2])];
    // finite predictions whose squares overflow float32 (above sqrt(3.4e38) ~ 1.8e19 in magnitude somewhere)
    expect(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi).toBe(true);
    expect(Math.max(Math.abs(lo), Math.abs(hi))).toBeGreaterThan(1.8e19);
    // the line comes before the error, which is unchanged
    expect(r.err).toBe(`error: training diverged at epoch 2: the loss is Infinity; kept the weights from epoch 1 in ${join(out, 'weights.safetensors')}. Lower the learning rate`);
  }, 120_000);
});
