/** The lines the charts draw: raw training points faint behind the smoothed line, validation, earlier runs; one colour per series. */
import { describe, expect, it } from 'vitest';
import { lineValues, lineXMax, RUN_COLORS, runLines, SERIES } from '../../src/ui/components/charts/series';
import { smoothEma } from '../../src/ui/components/charts/smoothing';
import type { RunRecord } from '../../src/ui/project/types';

const run = (id: number, over: Partial<RunRecord> = {}): RunRecord => ({ id, startedAt: 0, config: null, train: [], val: [], last: null, ...over });
const acc = [0, 1, 1, 0, 1];
const current = run(2, {
  train: acc.map((a, i) => ({ x: (i + 1) * 0.1, loss: 2.3 - i * 0.3, acc: a })),
  val: [{ x: 0.5, loss: 1.2, acc: 0.6 }],
});

describe('runLines', () => {
  it('smoothing: a faint raw line, the smoothed training line and validation, all in the series colours', () => {
    const lines = runLines(current, [], 'acc', false, 0.6);
    expect(lines.map((l) => l.key)).toEqual(['train-raw', 'train', 'validation']);
    expect(lines[0].raw).toBe(true);
    expect(lines[0].data.map((p) => p.y)).toEqual(acc);
    expect(lines[1].data.map((p) => p.y)).toEqual(smoothEma(acc, 0.6));
    expect(lines.map((l) => l.color)).toEqual([SERIES.train.color, SERIES.train.color, SERIES.validation.color]);
  });
  it('no smoothing: no raw line, the training line is the raw points', () => {
    const lines = runLines(current, [], 'loss', false, 0);
    expect(lines.map((l) => l.key)).toEqual(['train', 'validation']);
    expect(lines[0].data.map((p) => p.y)).toEqual(current.train.map((p) => p.loss));
  });
  it('every plotted value (raw included) reaches the axis; earlier runs are dashed, never in the validation orange', () => {
    const earlier = run(1, { train: [{ x: 0.2, loss: 9, acc: 0.1 }, { x: 0.4, loss: 3, acc: 0.2 }] });
    const lines = runLines(current, [earlier], 'loss', true, 0.6);
    expect(lines[0]).toMatchObject({ key: 'run-1', dashed: true, color: RUN_COLORS[0] });
    expect(lineValues(lines)).toContain(2.3);
    expect(lineValues(lines)).toContain(9);
    expect(lineXMax(lines)).toBeCloseTo(0.5, 12);
    expect(RUN_COLORS.map((c) => c.toLowerCase())).not.toContain('#f97316');
  });
});
