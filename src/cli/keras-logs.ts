/**
 * One naming for a run's metrics, Keras's: the console, log.json, metrics.csv and the TensorBoard
 * tags all say loss, accuracy, val_loss, val_accuracy and learning_rate (Keras 3's name; Keras 2
 * said lr). metrics.csv is written as Keras's CSVLogger writes it: `epoch` (from 0), then the logs'
 * keys sorted, values as Python's repr of a float, "NA" for a missing one, and without any val_
 * key the val_ versions of all keys added (as CSVLogger does). Old log.json files (valLoss,
 * valAccuracy, lr, samplesPerSec) are still read.
 */
import type { EpochMetrics } from '../engine/trainer';

/** An epoch of log.json: the Keras logs plus how long it took. */
export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy?: number;
  val_loss?: number;
  val_accuracy?: number;
  learning_rate: number;
  samples_per_sec: number;
  seconds: number;
  steps: number;
}

/** The metrics keys of an epoch (Keras's logs dict), in log order. */
export const METRIC_KEYS = ['loss', 'accuracy', 'val_loss', 'val_accuracy', 'learning_rate'] as const;

/** An epoch's metrics as Keras names them; accuracy only for classifiers, val_ only with a validation part. */
export function epochLog(m: EpochMetrics, classifier: boolean): EpochLog {
  return {
    epoch: m.epoch,
    loss: m.loss,
    ...(classifier ? { accuracy: m.accuracy } : {}),
    ...(m.valLoss !== null ? { val_loss: m.valLoss } : {}),
    ...(classifier && m.valAccuracy !== null ? { val_accuracy: m.valAccuracy } : {}),
    learning_rate: m.lr,
    samples_per_sec: m.samplesPerSec,
    seconds: m.seconds,
    steps: m.steps,
  };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** An epoch read from a log.json of any version (old camelCase names included); null if it is not one. */
export function readEpochLog(raw: unknown, index: number): EpochLog | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  const loss = num(r.loss);
  if (loss === undefined) return null;
  const pick = (...keys: string[]) => keys.map((k) => num(r[k])).find((v) => v !== undefined);
  const e: EpochLog = {
    epoch: num(r.epoch) ?? index,
    loss,
    learning_rate: pick('learning_rate', 'lr') ?? NaN,
    samples_per_sec: pick('samples_per_sec', 'samplesPerSec') ?? 0,
    seconds: num(r.seconds) ?? 0,
    steps: num(r.steps) ?? 0,
  };
  const acc = num(r.accuracy);
  const valLoss = pick('val_loss', 'valLoss');
  const valAcc = pick('val_accuracy', 'valAccuracy');
  if (acc !== undefined) e.accuracy = acc;
  if (valLoss !== undefined) e.val_loss = valLoss;
  if (valAcc !== undefined) e.val_accuracy = valAcc;
  return e;
}

/** Python's repr of a float (what csv.writer writes): shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function pyFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const [mant, expText] = v.toExponential().split('e');
  const exp = Number(expText);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${int}.${frac || '0'}`;
}

/** The columns CSVLogger would write for these epochs (fixed by the first epoch's keys, as Keras does). */
export function csvKeys(first: EpochLog): string[] {
  const keys = METRIC_KEYS.filter((k) => first[k] !== undefined).sort();
  return keys.some((k) => k.startsWith('val_')) ? keys : [...keys, ...keys.map((k) => `val_${k}`)];
}

/** metrics.csv: CSVLogger's text for the epochs so far. */
export function metricsCsv(epochs: readonly EpochLog[]): string {
  if (epochs.length === 0) return '';
  const keys = csvKeys(epochs[0]);
  const cell = (e: EpochLog, k: string) => {
    const v = (e as unknown as Record<string, unknown>)[k];
    return typeof v === 'number' ? pyFloat(v) : 'NA';
  };
  const lines = [['epoch', ...keys].join(','), ...epochs.map((e) => [String(e.epoch), ...keys.map((k) => cell(e, k))].join(','))];
  // csv.writer ends every row with \r\n (the excel dialect).
  return lines.map((l) => `${l}\r\n`).join('');
}
