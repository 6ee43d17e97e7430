/**
 * Every run's Keras-style logs: metrics.csv as CSVLogger writes it (epoch, then the logs' keys
 * sorted; Python float repr) and TensorBoard event files read back by TensorBoard's own
 * EventAccumulator (scalars equal to log.json within 1e-6); log.json in Keras's names; the TFRecord
 * framing, CRC32C and the progress bar's ETA as pure functions.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { crc32c, maskedCrc32c, tfRecord } from '../../src/cli/tfevents';
import { csvKeys, metricsCsv, pyFloat, readEpochLog } from '../../src/cli/keras-logs';
import { formatEta, progressLine } from '../../src/cli/progress';
import { runPython } from '../helpers/python';
import { csvRows, runCli, tmp } from './spawn-cli';

type Scalars = Record<string, [number, number][]>;

describe('run logs: metrics.csv and TensorBoard', () => {
  const out = tmp('logs-');
  const run = runCli('train', '--preset', 'spiral-mlp', '--epochs', '2', '--out', out);

  it('log.json and the console use Keras names', () => {
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^epoch +1\/2 +loss [\d.]+ +val_loss [\d.]+ +accuracy [\d.]+ +val_accuracy [\d.]+ /m);
    expect(run.out).toMatch(/^test_loss [\d.]+ +test_accuracy [\d.]+ /m);
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    expect(Object.keys(log.epochs[0]).sort()).toEqual(['accuracy', 'epoch', 'learning_rate', 'loss', 'samples_per_sec', 'seconds', 'steps', 'val_accuracy', 'val_loss']);
  });

  it('metrics.csv has CSVLogger\'s header and one row per epoch equal to log.json', () => {
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    const text = readFileSync(join(out, 'metrics.csv'), 'utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual(['epoch', 'accuracy', 'learning_rate', 'loss', 'val_accuracy', 'val_loss']);
    expect(rows).toHaveLength(2);
    rows.forEach((r, i) => {
      expect(Number(r[0])).toBe(i);
      for (const [j, k] of header.entries()) if (j > 0) expect(Number(r[j]), k).toBe(log.epochs[i][k]);
    });
  });

  it('TensorBoard\'s EventAccumulator reads epoch_loss, epoch_accuracy, epoch_learning_rate and batch_loss', () => {
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    const tb = runPython<{ train: Scalars; validation: Scalars; files: Record<string, string[]> }>('test/cli/py/read_tensorboard.py', { dir: join(out, 'tensorboard') });
    for (const sub of ['train', 'validation']) {
      expect(tb.files[sub]).toHaveLength(1);
      expect(tb.files[sub][0]).toMatch(new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${hostname().replace(/[.]/g, '\\.')}\\.\\d+\\.\\d+$`));
    }
    const close = (series: [number, number][], key: string) => {
      expect(series.map((s) => s[0])).toEqual([0, 1]);
      series.forEach(([, v], i) => expect(Math.abs(v - log.epochs[i][key]), key).toBeLessThan(1e-6));
    };
    close(tb.train.epoch_loss, 'loss');
    close(tb.train.epoch_accuracy, 'accuracy');
    close(tb.train.epoch_learning_rate, 'learning_rate');
    close(tb.validation.epoch_loss, 'val_loss');
    close(tb.validation.epoch_accuracy, 'val_accuracy');
    expect(Object.keys(tb.validation).sort()).toEqual(['epoch_accuracy', 'epoch_loss']);
    // batch_loss every few steps, at increasing global steps up to the run's last step.
    const steps = tb.train.batch_loss.map((s) => s[0]);
    const total = log.epochs[0].steps + log.epochs[1].steps;
    expect(steps.length).toBeGreaterThan(4);
    expect(steps[steps.length - 1]).toBe(total);
    expect(steps.every((s, i) => i === 0 || s >= steps[i - 1])).toBe(true);
    expect(tb.train.batch_loss.every(([, v]) => v > 0 && v < 2)).toBe(true);
  });

  it('a regression run logs loss, val_loss and learning_rate only', () => {
    const reg = tmp('logs-reg-');
    const r = runCli('train', '--preset', 'regression', '--epochs', '1', '--out', reg);
    expect(r.code, r.err).toBe(0);
    const [header, row] = csvRows(readFileSync(join(reg, 'metrics.csv'), 'utf8'));
    expect(header).toEqual(['epoch', 'learning_rate', 'loss', 'val_loss']);
    expect(row[1]).toBe('0.01');
    expect(readdirSync(join(reg, 'tensorboard')).sort()).toEqual(['train', 'validation']);
  });
});

describe('log formats (pure)', () => {
  it('CRC32C and TFRecord framing', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
    const data = Uint8Array.of(1, 2, 3);
    const rec = tfRecord(data);
    const view = new DataView(rec.buffer);
    expect(rec.length).toBe(8 + 4 + 3 + 4);
    expect(view.getBigUint64(0, true)).toBe(3n);
    expect(view.getUint32(8, true)).toBe(maskedCrc32c(rec.subarray(0, 8)));
    expect(Array.from(rec.subarray(12, 15))).toEqual([1, 2, 3]);
    expect(view.getUint32(15, true)).toBe(maskedCrc32c(data));
  });

  it('Python float repr for CSV cells, and CSVLogger\'s val_ columns when a run has no validation', () => {
    const cases: [number, string][] = [[0.1, '0.1'], [1e-5, '1e-05'], [0.0001, '0.0001'], [100, '100.0'], [1e16, '1e+16'], [1e15, '1000000000000000.0'], [-2.5, '-2.5'], [0, '0.0'], [1.5e-7, '1.5e-07'], [NaN, 'nan']];
    for (const [v, s] of cases) expect(pyFloat(v), String(v)).toBe(s);
    const e = { epoch: 0, loss: 0.5, learning_rate: 0.01, samples_per_sec: 1, seconds: 1, steps: 1 };
    expect(csvKeys(e)).toEqual(['learning_rate', 'loss', 'val_learning_rate', 'val_loss']);
    expect(metricsCsv([e])).toBe('epoch,learning_rate,loss,val_learning_rate,val_loss\r\n0,0.01,0.5,NA,NA\r\n');
  });

  it('reads old log.json names (valLoss, valAccuracy, lr, samplesPerSec)', () => {
    const old = { epoch: 3, loss: 0.2, accuracy: 0.9, valLoss: 0.3, valAccuracy: 0.8, samplesPerSec: 100, seconds: 2, lr: 0.01, steps: 7 };
    expect(readEpochLog(old, 0)).toEqual({ epoch: 3, loss: 0.2, accuracy: 0.9, val_loss: 0.3, val_accuracy: 0.8, learning_rate: 0.01, samples_per_sec: 100, seconds: 2, steps: 7 });
  });

  it('the progress bar shows elapsed time and Keras\'s ETA', () => {
    expect(formatEta(42.4)).toBe('42s');
    expect(formatEta(65)).toBe('1:05');
    expect(formatEta(3723)).toBe('1:02:03');
    expect(progressLine(25, 100, 10, 'loss 0.5', 8)).toBe(' 25/100 [##......] - 10s elapsed, ETA: 30s - loss 0.5');
    expect(progressLine(100, 100, 2, 'loss 0.5', 8)).toBe('100/100 [########] - 2s 20ms/step - loss 0.5');
  });
});
