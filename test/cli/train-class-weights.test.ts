/**
 * `npm run train --class-weights 1,1,2.5,...`: the weights land in the run's spec.json (lossOptions.
 * classWeights) and the model trains with them; a malformed list, a weight that is not positive, a
 * count that is not the model's class count, or weights on a regression loss are one clear line with exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmp } from './spawn-cli';

const TEN = '1,1,1,1,1,1,1,1,2.5,0.5';

describe('npm run train --class-weights', () => {
  it('trains the mlp-100 preset with ten class weights and keeps them in spec.json', () => {
    const out = tmp('class-weights-');
    const r = runCli('train', '--preset', 'mlp-100', '--class-weights', TEN, '--epochs', '1', '--train-limit', '200', '--out', out);
    expect(r.code, r.err).toBe(0);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    expect(spec.lossOptions).toEqual({ classWeights: [1, 1, 1, 1, 1, 1, 1, 1, 2.5, 0.5] });
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    expect(log.epochs).toHaveLength(1);
    expect(Number.isFinite(log.epochs[0].loss)).toBe(true);
  }, 240_000);

  it('refuses a malformed list, a weight that is not positive, the wrong count and a regression loss', () => {
    const cases: [string[], RegExp][] = [
      [['--preset', 'mlp-100', '--class-weights', '1,x,2'], /--class-weights: class weight 2 must be a positive number, got "x"/],
      [['--preset', 'mlp-100', '--class-weights', '1,1,1,1,1,1,1,1,1,0'], /--class-weights: class weight 10 must be a positive number, got "0"/],
      [['--preset', 'mlp-100', '--class-weights', ' '], /--class-weights: give one positive weight per class/],
      [['--preset', 'mlp-100', '--class-weights', '1,2'], /2 class weights for 10 classes: give one per class/],
      [['--preset', 'regression', '--class-weights', '1,2'], /class weights apply to the cross-entropies only, not to mse/],
    ];
    for (const [args, re] of cases) {
      const r = runCli('train', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(re);
    }
  }, 240_000);

  it("--help names the flag and its semantics (Keras's class_weight, training only)", () => {
    const r = runCli('train', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--class-weights W[\s\S]*Keras's class_weight in fit[\s\S]*training loss only/);
  });
});
