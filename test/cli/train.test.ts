/** The headless CLI: a real run writes its three files; mistakes give one line and a non-zero exit. */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors } from '../../src/io/safetensors';
import { loadDataset } from '../../src/data/registry';
import { splitDataset } from '../../src/data/split';
import { findPreset } from '../../src/presets/presets';
import { cliArgs } from './spawn-cli';

function spawnTrain(start: string[], args: string[]) {
  const r = spawnSync(process.execPath, [...start, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l.startsWith('error')).join('\n') };
}
/** The CLI from the run's bundle (spawn-cli.ts). */
const cli = (...args: string[]) => spawnTrain(cliArgs('train'), args);
/** The real `npm run train` path: tsx with the raw-WGSL loader on src/cli/train.ts. */
const npmRunTrain = (...args: string[]) => spawnTrain(cliArgs('train', { tsx: true }), args);

describe('npm run train', () => {
  it('trains preset 7 and writes log.json (with R², MAE and the mean baseline), spec.json and PyTorch-layout safetensors', async () => {
    const out = mkdtempSync(join(tmpdir(), 'run-'));
    const r = npmRunTrain('--preset', 'regression', '--epochs', '3', '--seed', '4', '--out', out);
    expect(r.code).toBe(0);
    expect(r.out.match(/^epoch +\d+\/3 +loss [\d.]+ +val_loss [\d.]+ .*samples\/s$/gm)).toHaveLength(3);
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    expect(log.epochs).toHaveLength(3);
    expect(log.epochs[2].loss).toBeLessThan(log.epochs[0].loss);
    expect(log.test.count).toBe(500);
    // Regression: R², MAE and the mean-predictor baseline beside the loss, on the final line and in log.json.
    const final = r.out.match(/^test_loss ([\d.]+) +r2 (-?[\d.]+) +mae ([\d.]+) +baseline_mse ([\d.]+) +\(500 samples/m);
    expect(final, r.out).not.toBeNull();
    expect(Number(final![4])).toBeCloseTo(log.test.baselineMse, 3);
    expect(log.test.mae).toBeLessThanOrEqual(Math.sqrt(log.test.loss) + 1e-6);
    expect(Array.isArray(log.test.warnings)).toBe(true);
    // The baseline is the MSE on the test rows of always predicting the training rows' mean.
    const data = await loadDataset('plane', { seed: 4 });
    const { train } = splitDataset(data.train, findPreset('regression')!.train.validationSplit, 4);
    const ty = Array.from(train.y);
    const y = Array.from(data.test.y);
    const mean = ty.reduce((a, b) => a + b, 0) / train.n;
    const base = y.reduce((a, v) => a + (v - mean) ** 2, 0) / data.test.n;
    expect(Math.abs(log.test.baselineMse - base) / base).toBeLessThan(1e-6);
    // R² = 1 - SSE/SST with SSE = n * MSE (the GPU's loss) and SST around the test mean.
    const tm = y.reduce((a, b) => a + b, 0) / data.test.n;
    const sst = y.reduce((a, v) => a + (v - tm) ** 2, 0);
    expect(log.test.r2).toBeCloseTo(1 - (log.test.loss * data.test.n) / sst, 3);
    // A run that cannot learn is told so, on stdout and in log.json.
    const out2 = mkdtempSync(join(tmpdir(), 'run-'));
    const flat = cli('--preset', 'regression', '--epochs', '1', '--lr', '0.000000001', '--out', out2);
    expect(flat.code).toBe(0);
    expect(flat.out).toMatch(/^warning: The model is no better than predicting the mean \(MSE [\d.]+ vs [\d.]+\): it has learned only the average\. Try Adam with a learning rate of 0\.01-0\.1, or train longer\.$/m);
    expect(JSON.parse(readFileSync(join(out2, 'log.json'), 'utf8')).test.warnings[0]).toMatch(/^The model is no better than predicting the mean/);
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')).layers.map((l: { id: string }) => l.id)).toEqual(['input', 'linear', 'relu', 'linear_1']);
    const st = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'weights.safetensors'))));
    expect(st.metadata.format).toBe('pt');
    expect([...st.tensors.keys()].sort()).toEqual(['linear.bias', 'linear.weight', 'linear_1.bias', 'linear_1.weight']);
    expect(st.tensors.get('linear.weight')!.shape).toEqual([10, 2]); // PyTorch [out, in]
    expect(st.tensors.get('linear_1.weight')!.shape).toEqual([1, 10]);
  });

  it('rejects an unknown preset, bad numbers and an unwritable directory with one clear line', () => {
    const cases: [string[], RegExp][] = [
      [['--preset', 'nope'], /unknown preset "nope"/],
      [['--preset', '7', '--epochs', '0'], /--epochs must be a positive whole number, got "0"/],
      [['--preset', '7', '--batch', 'abc'], /--batch must be a positive whole number, got "abc"/],
      [['--preset', '7', '--seed', '1.5'], /--seed must be a whole number >= 0/],
      [['--epochs', '2'], /missing --preset/],
      [['--preset', '7', '--bogus'], /Unknown option '--bogus'/],
      [['--preset', '7', '--dataset', 'imagenet'], /unknown dataset "imagenet"; known: .*fashion-mnist/],
      [['--preset', '7', '--train-limit', '-5'], /train-limit/],
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'f-')), 'a-file');
    writeFileSync(file, 'x');
    cases.push([['--preset', '7', '--out', join(file, 'sub')], /cannot write to output directory/]);
    for (const [args, re] of cases) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(re);
    }
  });

  it('--data trains a preset on your own (text, label) CSV: token ids for an Embedding, tf-idf for Dense', () => {
    const dir = mkdtempSync(join(tmpdir(), 'csv-'));
    const words = ['good', 'bad', 'great', 'awful', 'fine', 'poor'];
    const rows = ['review,stars'];
    for (let i = 0; i < 200; i++) rows.push(`"${words[i % 6]} film, ${words[(i * 7) % 6]} cast",${i % 10}`);
    const csv = join(dir, 'reviews.csv');
    writeFileSync(csv, rows.join('\n'));
    const twoClasses = join(dir, 'two.csv');
    writeFileSync(twoClasses, rows.map((r, i) => (i === 0 ? r : r.replace(/,\d+$/, `,${i % 2}`))).join('\n'));
    for (const preset of ['bow-text', 'lstm-topics']) {
      const out = join(dir, preset);
      const r = cli('--preset', preset, '--data', csv, '--text-column', 'review', '--label-column', 'stars', '--epochs', '1', '--out', out);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/on file:.*reviews\.csv: 162 train \/ 18 validation \/ 20 test samples/);
      const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
      expect(log.test.count).toBe(20);
      expect(Number.isFinite(log.epochs[0].loss)).toBe(true);
    }
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    const bad: [string[], RegExp][] = [
      [['--preset', 'bow-text', '--data', empty], /--data .*empty\.csv: .*empty/i],
      [['--preset', 'bow-text', '--data', csv], /--data .*reviews\.csv: .*column/i],
      [['--preset', 'bow-text', '--data', join(dir, 'missing.csv')], /--data: cannot read .*missing\.csv: ENOENT/],
      [['--preset', 'bow-text', '--data', csv, '--dataset', 'spiral'], /give --dataset or --data, not both/],
    ];
    for (const [args, re] of bad) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(re);
    }
    // A file that parses but does not fit the model is refused by the engine's fit check.
    const r = cli('--preset', 'bow-text', '--data', twoClasses, '--text-column', 'review', '--label-column', 'stars');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/dataset "two\.csv" has 2 classes but the output layer "linear_1" has 10 units/);
  }, 300_000);

  it('--data FILE.txt trains the character language model on your own text, with its contiguous held-out parts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'txt-'));
    const story = join(dir, 'story.txt');
    // Exactly 1000 characters: train 800 | validation 100 | test 100 -> 736 / 36 / 36 windows of 64.
    const text = 'It was a bright cold day in April, and the clocks were striking thirteen. '.repeat(14).slice(0, 1000);
    writeFileSync(story, text);
    const out = join(dir, 'run');
    const r = cli('--preset', 'char-lm', '--data', story, '--train-limit', '64', '--epochs', '1', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/on file:.*story\.txt: 64 train \/ 36 validation \/ 36 test samples/);
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    expect(log.test.count).toBe(36 * 64); // a prediction at each of the 64 positions of 36 windows
    // Untrained on 96 classes the loss is near ln 96 = 4.56; it must be a finite number below that bound + 1.
    expect(log.epochs[0].loss).toBeGreaterThan(0);
    expect(log.epochs[0].loss).toBeLessThan(Math.log(96) + 1);

    const short = join(dir, 'short.txt');
    writeFileSync(short, 'too short');
    const binary = join(dir, 'binary.txt');
    writeFileSync(binary, Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0xff, 0x00));
    const bad: [string[], RegExp][] = [
      [['--preset', 'char-lm', '--data', short], /--data .*short\.txt: short\.txt has 9 characters; a context of 64 needs at least 650/],
      [['--preset', 'char-lm', '--data', binary], /--data .*binary\.txt: .*not UTF-8 text/],
      [['--preset', 'bow-text', '--data', story], /--data .*story\.txt: a text corpus trains a character language model: its input must be int32/],
    ];
    for (const [args, re] of bad) {
      const b = cli(...args);
      expect(b.code, args.join(' ')).toBe(2);
      expect(b.err).toMatch(re);
    }
  }, 300_000);

  it('--help lists the presets and datasets', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    for (const id of ['mlp-100', 'mlp-1000', 'regression', 'features-100', 'spiral']) expect(r.out).toContain(id);
  });
});
