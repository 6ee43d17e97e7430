/**
 * `npm run train -- --stats-every N`: the sampled layer statistics land in RUN/stats.jsonl (one
 * sample every N steps) and as TensorBoard histograms that TensorBoard's EventAccumulator reads back
 * equal to the samples; 0 turns sampling off; a bad value exits 2 with a message.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StatsSample } from '../../src/engine/inspect/stats-types';
import { histogramData } from '../../src/cli/stats-log';
import { runPython } from '../helpers/python';
import { runCli, tmp } from './spawn-cli';

interface Histo {
  step: number;
  min: number;
  max: number;
  num: number;
  sum: number;
  sum_squares: number;
  bucket_limit: number[];
  bucket: number[];
}

describe('train --stats-every', () => {
  const out = tmp('stats-');
  const run = runCli('train', '--preset', 'spiral-mlp', '--epochs', '2', '--stats-every', '4', '--out', out);

  it('writes a sample every N steps to stats.jsonl', () => {
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('stats.jsonl');
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    const total = log.epochs[0].steps + log.epochs[1].steps;
    const samples = readFileSync(join(out, 'stats.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as StatsSample);
    expect(samples.map((s) => s.globalStep)).toEqual(Array.from({ length: Math.floor(total / 4) }, (_, i) => 4 * (i + 1)));
    expect(samples.map((s) => s.epoch)).toEqual(samples.map((s) => (s.globalStep <= log.epochs[0].steps ? 0 : 1)));
    for (const s of samples) {
      expect(s.layers.map((l) => l.layer)).toEqual(['dense', 'dense_1', 'dense_2']);
      for (const l of s.layers) {
        for (const h of [l.weights!, l.grads!, l.activations!]) expect(h.counts.reduce((a, b) => a + b, 0)).toBe(h.count - h.nonFinite);
        expect(l.gradNorm!).toBeGreaterThan(0);
        expect(l.updateRatio!).toBeGreaterThan(0);
      }
    }
  });

  it('TensorBoard reads the histograms back equal to the samples', () => {
    const samples = readFileSync(join(out, 'stats.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as StatsSample);
    const tb = runPython<Record<string, Histo[]>>('test/cli/py/read_tb_histograms.py', { dir: join(out, 'tensorboard', 'train') });
    const layers = ['dense', 'dense_1', 'dense_2'];
    expect(Object.keys(tb).sort()).toEqual(layers.flatMap((l) => ['activations', 'gradients', 'weights'].map((k) => `${l}/${k}`)).sort());
    for (const l of layers) {
      for (const [name, key] of [['weights', 'weights'], ['gradients', 'grads'], ['activations', 'activations']] as const) {
        const series = tb[`${l}/${name}`];
        expect(series.map((h) => h.step)).toEqual(samples.map((s) => s.globalStep));
        series.forEach((h, i) => {
          const want = histogramData(samples[i].layers.find((x) => x.layer === l)![key]!);
          expect([h.min, h.max, h.num]).toEqual([want.min, want.max, want.num]);
          expect(h.bucket).toEqual(want.counts);
          expect(h.bucket_limit).toEqual(want.edges.slice(1));
          expect(Math.abs(h.sum - want.sum)).toBeLessThan(1e-9 * (1 + Math.abs(want.sum)));
          expect(Math.abs(h.sum_squares - want.sumSquares)).toBeLessThan(1e-9 * (1 + want.sumSquares));
        });
      }
    }
  });

  it('prints the layer-health warnings at epoch ends (a learning rate far too low)', () => {
    const slow = runCli('train', '--preset', 'spiral-mlp', '--epochs', '1', '--lr', '1e-8', '--stats-every', '4', '--out', tmp('stats-slow-'));
    expect(slow.code, slow.err).toBe(0);
    const lines = slow.out.split('\n').filter((l) => l.startsWith('warning: '));
    for (const layer of ['dense', 'dense_1', 'dense_2']) {
      expect(lines.some((l) => l.startsWith(`warning: ${layer}: each step changes its weights by only `) && l.endsWith('since epoch 1; it learns slowly: try a higher learning rate'))).toBe(true);
    }
    expect(run.out).not.toContain('warning: ');
  });

  it('0 turns sampling off; a bad value exits 2', () => {
    const off = tmp('stats-off-');
    const r = runCli('train', '--preset', 'regression', '--epochs', '1', '--stats-every', '0', '--out', off);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(off, 'stats.jsonl'))).toBe(false);
    for (const bad of ['-1', 'often', '2.5']) {
      const b = runCli('train', '--preset', 'regression', '--epochs', '1', `--stats-every=${bad}`, '--out', tmp('stats-bad-'));
      expect(b.code).toBe(2);
      expect(b.err).toContain(`--stats-every must be a whole number >= 0, got "${bad}"`);
    }
  });
});
