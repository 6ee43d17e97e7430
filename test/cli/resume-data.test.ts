/**
 * --resume continues a run's step count and schedule and matches an uninterrupted run; --data reads
 * a numeric CSV (classification and regression) and an IDX pair with the app's parsers; predict on
 * a run's test rows agrees with evaluate's accuracy; evaluate prints the confusion matrix and the
 * regression metrics.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitRows } from '../../src/data/uploads/test-split';
import { decodeSafetensors } from '../../src/io/safetensors';
import { runPython } from '../helpers/python';
import { csvRows, runCli, tmp } from './spawn-cli';

const readLog = (dir: string) => JSON.parse(readFileSync(join(dir, 'log.json'), 'utf8'));
const weights = (dir: string) => [...decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'weights.safetensors')))).tensors.values()].flatMap((t) => Array.from(t.data));

/** A 2-feature CSV: label "up" when x1 > x2 (classification), and a regression target 2a - b + 0.5. */
function makeCsvs(dir: string): { cls: string; reg: string; lines: string[] } {
  const lines: string[] = [];
  let reg = 'a,b,target\n';
  for (let i = 0; i < 200; i++) {
    const a = Math.sin(i * 1.7);
    const b = Math.cos(i * 2.3);
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${a > b ? 'up' : 'down'}`);
    reg += `${a.toFixed(4)},${b.toFixed(4)},${(2 * a - b + 0.5).toFixed(4)}\n`;
  }
  writeFileSync(join(dir, 'cls.csv'), `x1,x2,direction\n${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'reg.csv'), reg);
  return { cls: join(dir, 'cls.csv'), reg: join(dir, 'reg.csv'), lines };
}

/** 60 8x8 images of 3 classes (the class picks which rows are bright) as an IDX pair. */
function makeIdx(dir: string): { images: string; labels: string } {
  const n = 60;
  const img = new Uint8Array(16 + n * 64);
  const lab = new Uint8Array(8 + n);
  const iv = new DataView(img.buffer);
  [0x803, n, 8, 8].forEach((v, i) => iv.setUint32(i * 4, v));
  const lv = new DataView(lab.buffer);
  [0x801, n].forEach((v, i) => lv.setUint32(i * 4, v));
  for (let i = 0; i < n; i++) {
    lab[8 + i] = i % 3;
    for (let p = 0; p < 64; p++) img[16 + i * 64 + p] = (Math.floor(p / 8) % 3 === i % 3 ? 200 : 20) + ((i * 7 + p) % 30);
  }
  writeFileSync(join(dir, 'images-idx3-ubyte'), img);
  writeFileSync(join(dir, 'labels-idx1-ubyte'), lab);
  return { images: join(dir, 'images-idx3-ubyte'), labels: join(dir, 'labels-idx1-ubyte') };
}

describe('npm run train --resume', () => {
  it('continues the step count and matches an uninterrupted run of the same seed', () => {
    const whole = tmp('whole-');
    const part = tmp('part-');
    expect(runCli('train', '--preset', 'spiral-mlp', '--epochs', '3', '--seed', '2', '--out', whole).code).toBe(0);
    expect(runCli('train', '--preset', 'spiral-mlp', '--epochs', '2', '--seed', '2', '--out', part).code).toBe(0);
    const r = runCli('train', '--resume', part, '--epochs', '3');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(new RegExp(`^resuming ${part} at epoch 3 \\(step 58\\)$`, 'm'));
    expect(r.out.match(/^epoch +\d\/3 /gm)).toEqual(['epoch   3/3 ']);
    const a = readLog(whole);
    const b = readLog(part);
    expect(b.epochs).toHaveLength(3);
    expect(b.resumedFrom).toEqual({ dir: part, epoch: 2 });
    for (const k of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) expect(Math.abs(b.epochs[2][k] - a.epochs[2][k]), k).toBeLessThan(1e-5);
    expect(Math.abs(b.test.loss - a.test.loss)).toBeLessThan(1e-5);
    const wa = weights(whole);
    const wb = weights(part);
    expect(Math.max(...wa.map((v, i) => Math.abs(v - wb[i])))).toBeLessThan(1e-5);
    const step = (dir: string) => decodeSafetensors(new Uint8Array(readFileSync(join(dir, 'optimizer-state.safetensors')))).metadata.step;
    expect(step(part)).toBe(step(whole));
    // metrics.csv holds all three epochs; the new event file continues the scalars at epoch 2.
    expect(csvRows(readFileSync(join(part, 'metrics.csv'), 'utf8')).map((row) => row[0])).toEqual(['epoch', '0', '1', '2']);
    const tb = runPython<{ train: Record<string, [number, number][]>; files: Record<string, string[]> }>('test/cli/py/read_tensorboard.py', { dir: join(part, 'tensorboard') });
    expect(tb.files.train).toHaveLength(2);
    expect(tb.train.epoch_loss.map((s) => s[0])).toEqual([0, 1, 2]);

    const bad: [string[], RegExp][] = [
      [['--resume', part], /has trained 3 of its 3 epochs; give --epochs N with N > 3/],
      [['--resume', part, '--epochs', '5', '--batch', '8'], /--resume continues the run with its own model, data and settings; --batch cannot change them/],
      [['--resume', tmp('empty-')], /spec\.json does not exist/],
    ];
    for (const [args, re] of bad) {
      const e = runCli('train', ...args);
      expect(e.code, args.join(' ')).toBe(2);
      expect(e.err).toMatch(re);
    }
  });
});

describe('npm run train --data (numeric CSV, IDX), predict and evaluate', () => {
  const dir = tmp('data-');
  const csv = makeCsvs(dir);
  const idx = makeIdx(dir);

  it('a numeric CSV: trains on the label column, and predict on the run\'s test rows agrees with evaluate', () => {
    const out = join(dir, 'cls-run');
    const r = runCli('train', '--preset', 'spiral-mlp', '--data', csv.cls, '--label-column', 'direction', '--epochs', '2', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/on file:.*cls\.csv: 162 train \/ 18 validation \/ 20 test samples/);
    expect(readLog(out).data).toMatchObject({ kind: 'file', format: 'csv', labelColumn: 'direction', task: 'classification' });
    // The run's test rows, as the app's seeded split chose them, with their labels.
    const { test } = splitRows(200);
    const testCsv = join(dir, 'test-rows.csv');
    writeFileSync(testCsv, `x1,x2,direction\n${test.map((i) => csv.lines[i]).join('\n')}\n`);
    const p = runCli('predict', '--run', out, '--input', testCsv);
    expect(p.code, p.err).toBe(0);
    const [header, ...rows] = csvRows(p.out);
    expect(header).toEqual(['prediction', 'p_down', 'p_up']);
    expect(rows).toHaveLength(20);
    for (const row of rows) expect(Number(row[1]) + Number(row[2])).toBeCloseTo(1, 5);
    const truth = test.map((i) => csv.lines[i].split(',')[2]);
    const predictedAccuracy = rows.filter((row, i) => row[0] === truth[i]).length / rows.length;
    const ev = runCli('evaluate', '--run', out, '--json');
    expect(ev.code, ev.err).toBe(0);
    const result = JSON.parse(ev.out);
    expect(result.samples).toBe(20);
    expect(result.accuracy).toBeCloseTo(predictedAccuracy, 6);
    expect(Math.abs(result.loss - readLog(out).test.loss)).toBeLessThan(1e-6);
    // The same rows as --data give the same result; the text report has the confusion matrix.
    const file = runCli('evaluate', '--run', out, '--data', testCsv);
    expect(file.code, file.err).toBe(0);
    expect(file.out).toContain(`accuracy ${result.accuracy.toFixed(6)}`);
    const matrix = file.out.split('\n').slice(file.out.split('\n').indexOf('confusion matrix (rows: true class, columns: predicted class):') + 1, -1);
    expect(matrix[0]).toBe('true\\predicted,down,up');
    const counts = matrix.slice(1).map((l) => l.split(',').slice(1).map(Number));
    expect(counts.flat().reduce((s, v) => s + v, 0)).toBe(20);
    expect((counts[0][0] + counts[1][1]) / 20).toBeCloseTo(result.accuracy, 6);
  });

  it('a numeric CSV as a regression target: evaluate prints MSE, MAE and R²; predict one column', () => {
    const out = join(dir, 'reg-run');
    const r = runCli('train', '--preset', 'regression', '--data', csv.reg, '--epochs', '2', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(readLog(out).data).toMatchObject({ format: 'csv', labelColumn: 'target', task: 'regression' });
    const ev = runCli('evaluate', '--run', out);
    expect(ev.code, ev.err).toBe(0);
    const m = ev.out.match(/^samples 20\nloss ([\d.]+)\nmse ([\d.]+)\nmae ([\d.]+)\nr2 (-?[\d.]+)\n$/);
    expect(m, ev.out).not.toBeNull();
    expect(Number(m![2])).toBeCloseTo(Number(m![1]), 5);
    expect(Number(m![4])).toBeCloseTo(readLog(out).test.r2, 5);
    const p = runCli('predict', '--run', out, '--input', csv.reg);
    expect(p.code, p.err).toBe(0);
    const rows = csvRows(p.out);
    expect(rows[0]).toEqual(['prediction']);
    expect(rows).toHaveLength(201);
    // --scaling standard (the app's Dataset panel setting): trained on scaled columns, reported in the target's units.
    const scaled = join(dir, 'reg-scaled');
    const s = runCli('train', '--preset', 'regression', '--data', csv.reg, '--scaling', 'standard', '--optimizer', 'adam', '--lr', '0.05', '--epochs', '3', '--out', scaled);
    expect(s.code, s.err).toBe(0);
    const log = readLog(scaled);
    expect(log.data.scaling).toBe('standard');
    expect(log.preprocessing.features.offset).toHaveLength(2);
    expect(log.test.baselineMse).toBeCloseTo(readLog(out).test.baselineMse, 6); // the same raw units as the unscaled run
    const se = JSON.parse(runCli('evaluate', '--run', scaled, '--json').out);
    expect(se.mse).toBeCloseTo(log.test.loss, 5);
    expect(se.r2).toBeCloseTo(log.test.r2, 5);
    const preds = csvRows(runCli('predict', '--run', scaled, '--input', csv.reg).out).slice(1).map((r) => Number(r[0]));
    const targets = csvRows(readFileSync(csv.reg, 'utf8')).slice(1).map((r) => Number(r[2]));
    const mse = preds.reduce((a, v, i) => a + (v - targets[i]) ** 2, 0) / preds.length;
    expect(mse).toBeLessThan(1); // raw units: the targets' own variance is about 2.8
  });

  it('an IDX pair (--labels or a comma list) trains, evaluates and predicts', () => {
    const out = join(dir, 'idx-run');
    const r = runCli('train', '--spec', 'test/fixtures/cli/tiny-image.model.json', '--data', idx.images, '--labels', idx.labels, '--epochs', '2', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/: 49 train \/ 5 validation \/ 6 test samples/);
    const ev = runCli('evaluate', '--run', out, '--data', `${idx.labels},${idx.images}`);
    expect(ev.code, ev.err).toBe(0);
    expect(ev.out).toMatch(/^samples 60\n/);
    expect(ev.out).toContain('true\\predicted,0,1,2');
    const p = runCli('predict', '--run', out, '--input', idx.images);
    expect(p.code, p.err).toBe(0);
    expect(csvRows(p.out)[0]).toEqual(['prediction', 'p_0', 'p_1', 'p_2']);
    expect(csvRows(p.out)).toHaveLength(61);
  });

  it('a text model predicts one text per line (.txt) and evaluates a CSV of texts with the run\'s vocabulary', () => {
    const words = ['good', 'bad', 'great', 'awful', 'fine', 'poor'];
    const rows = ['review,stars'];
    for (let i = 0; i < 200; i++) rows.push(`"${words[i % 6]} film, ${words[(i * 7) % 6]} cast",${i % 10}`);
    const reviews = join(dir, 'reviews.csv');
    writeFileSync(reviews, rows.join('\n'));
    const out = join(dir, 'text-run');
    const r = runCli('train', '--preset', 'bow-text', '--data', reviews, '--text-column', 'review', '--label-column', 'stars', '--epochs', '1', '--out', out);
    expect(r.code, r.err).toBe(0);
    const lines = join(dir, 'lines.txt');
    writeFileSync(lines, 'good film, bad cast\n\nawful film\nfine cast, great film\n');
    const p = runCli('predict', '--run', out, '--input', lines);
    expect(p.code, p.err).toBe(0);
    const [header, ...preds] = csvRows(p.out);
    expect(header).toEqual(['prediction', ...Array.from({ length: 10 }, (_, c) => `p_${c}`)]);
    expect(preds).toHaveLength(3);
    for (const row of preds) expect(row.slice(1).reduce((a, v) => a + Number(v), 0)).toBeCloseTo(1, 4);
    const ev = runCli('evaluate', '--run', out, '--data', reviews, '--text-column', 'review', '--label-column', 'stars', '--json');
    expect(ev.code, ev.err).toBe(0);
    expect(JSON.parse(ev.out).samples).toBe(200);
    expect(JSON.parse(ev.out).confusion).toHaveLength(10);
  });

  it('bad data files are one line and exit 2', () => {
    const three = join(dir, 'three.csv');
    writeFileSync(three, 'a,b,c,label\n1,2,3,x\n4,5,6,y\n7,8,9,x\n');
    const cases: [string, string[], RegExp][] = [
      ['train', ['--preset', 'spiral-mlp', '--data', csv.cls, '--label-column', 'nope'], /--data .*cls\.csv: CSV has no label column "nope"/],
      ['train', ['--preset', 'spiral-mlp', '--data', three], /dataset "three\.csv" has samples of shape \[3\] but the model's input "input" expects \[2\]/],
      ['train', ['--preset', 'spiral-mlp', '--data', `${idx.images},${idx.labels},${three}`], /--data takes one CSV or text file, or two IDX files/],
      ['train', ['--preset', 'spiral-mlp', '--data', idx.labels, '--labels', idx.labels], /expected one image file/],
      ['train', ['--preset', 'spiral-mlp', '--labels', idx.labels], /--labels goes with --data/],
      ['predict', ['--run', join(dir, 'cls-run'), '--input', three], /3 feature columns \(a, b, c\), but the model reads 2 values per row/],
      ['evaluate', ['--run', join(dir, 'cls-run'), '--data', join(dir, 'reg.csv'), '--label-column', 'target'], /row 1 \(line 2\): label "-0\.5000" is not one of the model's classes \(down, up\)/],
      ['predict', ['--run', join(dir, 'nothing')], /missing --input FILE/],
    ];
    for (const [cmd, args, re] of cases) {
      const e = runCli(cmd as 'train', ...args);
      expect(e.code, args.join(' ')).toBe(2);
      expect(e.err.split('\n'), args.join(' ')).toHaveLength(1);
      expect(e.err, args.join(' ')).toMatch(re);
    }
  });
});
