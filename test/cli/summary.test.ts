/** `npm run train -- --summary` prints the Keras-style model table and exits; every run prints it first. */
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPreset } from '../../src/presets/presets';
import { runCli, tmp } from './spawn-cli';

describe('npm run train -- --summary', () => {
  it('prints the table of a preset and exits 0 without training or writing a run', () => {
    const out = join(tmp('summary-'), 'run');
    const r = runCli('train', '--preset', 'lstm-topics', '--summary', '--out', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Model: "/);
    expect(r.out).toMatch(/^│ embedding \(Embedding\) +│ \(None, 64, 64\) +│ +64,000 │/m);
    expect(r.out).toMatch(/^│ lstm \(LSTM\) +│ \(None, 64\) +│ +33,024 │/m);
    expect(r.out).toContain(' Total params: 97,674 (381.54 KB)');
    expect(r.out).not.toMatch(/epoch|adapter/);
    expect(existsSync(out)).toBe(false);
  });

  it('needs no data for a spec file, and reports a broken one as a usage error', () => {
    const dir = tmp('summary-spec-');
    const spec = findPreset('mlp-100')!.spec;
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(spec));
    const ok = runCli('train', '--spec', join(dir, 'ok.json'), '--summary');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(' Total params: 11,274 (44.04 KB)');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...spec, output: 'nope' }));
    const bad = runCli('train', '--spec', join(dir, 'bad.json'), '--summary');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/nope/);
  });

  it('is printed at the start of every training run', () => {
    const out = tmp('summary-run-');
    const r = runCli('train', '--preset', 'regression', '--epochs', '1', '--train-limit', '64', '--out', out);
    expect(r.code).toBe(0);
    const model = r.out.indexOf('Model: "');
    expect(model).toBeGreaterThanOrEqual(0);
    expect(r.out).toMatch(/ Total params: 41 \(164\.00 B\)/);
    expect(model).toBeLessThan(r.out.search(/^epoch +1\/1/m));
  });
});
