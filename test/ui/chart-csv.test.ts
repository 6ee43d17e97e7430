/** The CSV downloads: the training curves (Keras CSVLogger column names) and the confusion matrix, with RFC 4180 quoting. */
import { describe, expect, it } from 'vitest';
import { confusionCsv, csvCell, curvesCsv, runRows, stepsPerEpoch, toCsv } from '../../src/ui/components/charts/csv';
import type { RunRecord } from '../../src/ui/project/types';
import type { EpochReport } from '../../src/worker/protocol';

const last = (steps: number, partial = false): EpochReport => ({
  epoch: 1, loss: 0.5, accuracy: 0.8, valLoss: 0.6, valAccuracy: 0.75, samplesPerSec: 1000, seconds: 1, lr: 0.01, steps, partial,
});

const run = (id: number, over: Partial<RunRecord> = {}): RunRecord => ({ id, startedAt: 0, config: null, train: [], val: [], last: null, ...over });

describe('csvCell / toCsv', () => {
  it('quotes names with commas, quotes, line breaks and edge spaces; doubles quotes', () => {
    expect(csvCell('cat')).toBe('cat');
    expect(csvCell('T-shirt, top')).toBe('"T-shirt, top"');
    expect(csvCell('the "best" class')).toBe('"the ""best"" class"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
  it('joins rows with commas and "\\n", ending in a newline', () => {
    expect(toCsv([['a', 1], ['b,c', null]])).toBe('a,1\n"b,c",\n');
  });
});

describe('curvesCsv', () => {
  const current = run(2, {
    train: [
      { x: 0.5, loss: 0.7, acc: 0.5 },
      { x: 1, loss: 0.6, acc: 0.625 },
      { x: 1.5, loss: 0.55, acc: 0.7 },
    ],
    val: [{ x: 1, loss: 0.65, acc: 0.6 }],
    last: last(4),
  });

  it('has the Keras-style header and one row per point, training and validation at one epoch sharing a row', () => {
    const lines = curvesCsv([current]).trimEnd().split('\n');
    expect(lines).toEqual([
      'run,epoch,step,loss,accuracy,val_loss,val_accuracy',
      '2,0.5,2,0.7,0.5,,',
      '2,1,4,0.6,0.625,0.65,0.6',
      '2,1.5,6,0.55,0.7,,',
    ]);
  });

  it('leaves the step empty when the steps per epoch are unknown, and accuracy empty for regression', () => {
    const r = run(1, { train: [{ x: 0.1, loss: 2, acc: null }], val: [{ x: 1, loss: 1.5, acc: null }] });
    expect(stepsPerEpoch(r)).toBeNull();
    expect(stepsPerEpoch(run(1, { last: last(3, true) }))).toBeNull();
    expect(curvesCsv([r]).trimEnd().split('\n').slice(1)).toEqual(['1,0.1,,2,,,', '1,1,,,,1.5,']);
  });

  it('lists every run, rounding float noise in the epoch', () => {
    const earlier = run(1, { train: [{ x: 0.1 + 0.2, loss: 1, acc: 0.5 }] });
    const lines = curvesCsv([earlier, current]).trimEnd().split('\n');
    expect(lines.length).toBe(1 + 1 + 3);
    expect(lines[1]).toBe('1,0.3,,1,0.5,,');
    expect(runRows(current).filter((r) => r[3] !== null).length).toBe(current.train.length);
    expect(runRows(current).filter((r) => r[5] !== null).length).toBe(current.val.length);
  });

  it('a repeated epoch keeps both points', () => {
    const r = run(3, { train: [{ x: 1, loss: 1, acc: null }, { x: 1, loss: 0.9, acc: null }] });
    expect(runRows(r).map((row) => row[3])).toEqual([1, 0.9]);
  });
});

describe('confusionCsv', () => {
  it('puts the class names in the header row and first column, quoted where needed', () => {
    const csv = confusionCsv(
      [
        [5, 1],
        [2, 7],
      ],
      ['T-shirt, top', 'say "hi"'],
    );
    expect(csv).toBe('true \\ predicted,"T-shirt, top","say ""hi"""\n"T-shirt, top",5,1\n"say ""hi""",2,7\n');
  });
});
