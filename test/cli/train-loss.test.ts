/**
 * `npm run train --loss / --huber-delta`: the override lands in the run's spec.json and trains (the
 * regression preset with Huber), and a bad loss, a bad delta or a loss the output cannot take is
 * one clear line with exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tmp } from './spawn-cli';

describe('npm run train --loss', () => {
  it('--loss huber --huber-delta 0.5 trains the regression preset and keeps the loss in spec.json', () => {
    const out = tmp('loss-huber-');
    const r = runCli('train', '--preset', 'regression', '--loss', 'huber', '--huber-delta', '0.5', '--epochs', '2', '--train-limit', '200', '--out', out);
    expect(r.code, r.err).toBe(0);
    const spec = JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'));
    expect(spec.loss).toBe('huber');
    expect(spec.lossOptions).toEqual({ delta: 0.5 });
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    expect(log.settings.loss).toBe('huber');
    expect(log.epochs).toHaveLength(2);
    expect(log.epochs[1].loss).toBeLessThan(log.epochs[0].loss);
  }, 240_000);

  it('refuses an unknown loss, a bad delta and a loss the output cannot take', () => {
    const cases: [string[], RegExp][] = [
      [['--preset', 'regression', '--loss', 'categorical_hinge'], /--loss must be one of .*huber.*, got "categorical_hinge"/],
      [['--preset', 'regression', '--huber-delta', '0'], /--huber-delta must be a positive number, got "0"/],
      [['--preset', 'mlp-100', '--loss', 'huber'], /huber on a softmax output is almost never intended/],
      [['--preset', 'mlp-100', '--label-smoothing', '1'], /--label-smoothing must be a number in \[0, 1\), got "1"/],
    ];
    for (const [args, re] of cases) {
      const r = runCli('train', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(re);
    }
  }, 240_000);
});
