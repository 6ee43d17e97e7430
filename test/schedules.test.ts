import { describe, it, expect } from 'vitest';
import {
  PlateauTracker,
  learningRateAt,
  previewSchedule,
  validateSchedule,
  type LrSchedule,
} from '../src/engine/schedules';

describe('learningRateAt (stateless schedules)', () => {
  it('constant', () => {
    expect(learningRateAt(0.01, { kind: 'constant' }, 0, 0)).toBe(0.01);
    expect(learningRateAt(0.01, { kind: 'constant' }, 12345, 99)).toBe(0.01);
  });

  it('step: base * factor^floor(epoch / dropEvery)', () => {
    const s: LrSchedule = { kind: 'step', dropEvery: 2, factor: 0.5 };
    expect(learningRateAt(0.1, s, 0, 0)).toBe(0.1);
    expect(learningRateAt(0.1, s, 999, 1)).toBe(0.1); // step count is ignored
    expect(learningRateAt(0.1, s, 0, 2)).toBe(0.05);
    expect(learningRateAt(0.1, s, 0, 3)).toBe(0.05);
    expect(learningRateAt(0.1, s, 0, 5)).toBe(0.025);
  });

  it('exponential: continuous base * rate^(step / decaySteps)', () => {
    const s: LrSchedule = { kind: 'exponential', decayRate: 0.5, decaySteps: 10 };
    expect(learningRateAt(1, s, 0, 0)).toBe(1);
    expect(learningRateAt(1, s, 10, 0)).toBeCloseTo(0.5, 15);
    expect(learningRateAt(1, s, 20, 3)).toBeCloseTo(0.25, 15);
    expect(learningRateAt(1, s, 5, 0)).toBeCloseTo(0.7071067811865476, 15); // sqrt(1/2): not staircase
    expect(learningRateAt(0.2, { kind: 'exponential', decayRate: 0.96, decaySteps: 100 }, 100, 0)).toBeCloseTo(0.192, 15);
  });

  it('cosine: Keras CosineDecay with alpha = minLr', () => {
    const s: LrSchedule = { kind: 'cosine', totalSteps: 100, minLr: 0.2 };
    expect(learningRateAt(0.1, s, 0, 0)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(0.1, s, 50, 0)).toBeCloseTo(0.06, 15); // (1 + 0.2) / 2 * 0.1
    expect(learningRateAt(0.1, s, 100, 0)).toBeCloseTo(0.02, 15); // minLr * base
    expect(learningRateAt(0.1, s, 250, 0)).toBeCloseTo(0.02, 15); // clamped after totalSteps
    // quarter way: 0.1 * (0.8 * 0.5 * (1 + cos(pi/4)) + 0.2) = 0.1 * (0.4 * 1.70710678... + 0.2)
    expect(learningRateAt(0.1, s, 25, 0)).toBeCloseTo(0.08828427124746191, 15);
  });

  it('cosine: minLr defaults to 0 (half way = base / 2, end = 0)', () => {
    const s: LrSchedule = { kind: 'cosine', totalSteps: 10 };
    expect(learningRateAt(0.4, s, 5, 0)).toBeCloseTo(0.2, 15);
    expect(learningRateAt(0.4, s, 10, 0)).toBeCloseTo(0, 15);
  });

  it('plateau returns the base (the tracker owns the state)', () => {
    expect(learningRateAt(0.3, { kind: 'plateau', factor: 0.5, patience: 1, minLr: 0 }, 50, 5)).toBe(0.3);
  });

  it('throws on an invalid config instead of returning NaN', () => {
    expect(() => learningRateAt(0.1, { kind: 'exponential', decayRate: 0.5, decaySteps: 0 }, 1, 0)).toThrow(/decaySteps/);
  });
});

describe('PlateauTracker (Keras ReduceLROnPlateau, mode min)', () => {
  it('reduces after `patience` epochs without improvement and never below minLr', () => {
    const t = new PlateauTracker(0.1, { kind: 'plateau', factor: 0.5, patience: 2, minLr: 0.02, minDelta: 0 });
    expect(t.current()).toBe(0.1);
    const seen = [1.0, 0.9, 0.95, 0.93, 0.91, 0.92, 0.95, 0.95, 0.95, 0.95].map((loss) => t.endEpoch(loss));
    expect(seen).toEqual([
      0.1, // best = 1.0
      0.1, // best = 0.9
      0.1, // wait 1
      0.05, // wait 2 -> reduce, wait reset
      0.05, // wait 1 (0.91 is not below 0.9)
      0.025, // wait 2 -> reduce
      0.025, // wait 1
      0.02, // wait 2 -> max(0.0125, minLr)
      0.02, // wait 1
      0.02, // wait 2, but lr is already at minLr
    ]);
    expect(t.current()).toBe(0.02);
  });

  it('an improvement resets the patience counter', () => {
    const t = new PlateauTracker(1, { kind: 'plateau', factor: 0.1, patience: 2, minLr: 0, minDelta: 0 });
    expect([5, 6, 4, 6, 6].map((l) => t.endEpoch(l))).toEqual([1, 1, 1, 1, 0.1]);
  });

  it('improvements smaller than minDelta (default 1e-4) do not count', () => {
    const t = new PlateauTracker(1, { kind: 'plateau', factor: 0.5, patience: 1, minLr: 0 });
    expect(t.endEpoch(1)).toBe(1);
    expect(t.endEpoch(1 - 5e-5)).toBe(0.5); // not better by more than 1e-4
    expect(t.endEpoch(0.5)).toBe(0.5); // real improvement
    const u = new PlateauTracker(1, { kind: 'plateau', factor: 0.5, patience: 1, minLr: 0, minDelta: 0.1 });
    u.endEpoch(1);
    expect(u.endEpoch(0.95)).toBe(0.5);
  });

  it('NaN loss counts as no improvement', () => {
    const t = new PlateauTracker(1, { kind: 'plateau', factor: 0.5, patience: 1, minLr: 0 });
    t.endEpoch(1);
    expect(t.endEpoch(NaN)).toBe(0.5);
  });

  it('rejects non-plateau or invalid configs', () => {
    expect(() => new PlateauTracker(1, { kind: 'constant' })).toThrow(/plateau/);
    expect(() => new PlateauTracker(1, { kind: 'plateau', factor: 1, patience: 1, minLr: 0 })).toThrow(/factor/);
  });
});

describe('validateSchedule', () => {
  it('accepts valid configs', () => {
    const ok: LrSchedule[] = [
      { kind: 'constant' },
      { kind: 'step', dropEvery: 3, factor: 0.5 },
      { kind: 'step', dropEvery: 1, factor: 1 },
      { kind: 'exponential', decayRate: 0.96, decaySteps: 1000 },
      { kind: 'cosine', totalSteps: 500 },
      { kind: 'cosine', totalSteps: 500, minLr: 0.1 },
      { kind: 'plateau', factor: 0.1, patience: 10, minLr: 0 },
      { kind: 'plateau', factor: 0.5, patience: 0, minLr: 1e-5, minDelta: 0.01 },
    ];
    for (const s of ok) expect(validateSchedule(s)).toBeNull();
  });

  it('returns a clear message for bad values', () => {
    const bad: [unknown, RegExp][] = [
      [{ kind: 'step', dropEvery: 2, factor: -0.5 }, /factor/],
      [{ kind: 'step', dropEvery: 0, factor: 0.5 }, /dropEvery/],
      [{ kind: 'step', dropEvery: 1.5, factor: 0.5 }, /dropEvery/],
      [{ kind: 'exponential', decayRate: 0.5, decaySteps: 0 }, /decaySteps/],
      [{ kind: 'exponential', decayRate: 0, decaySteps: 10 }, /decayRate/],
      [{ kind: 'exponential', decayRate: 1.5, decaySteps: 10 }, /decayRate/],
      [{ kind: 'exponential', decayRate: NaN, decaySteps: 10 }, /decayRate/],
      [{ kind: 'cosine', totalSteps: 0 }, /totalSteps/],
      [{ kind: 'cosine', totalSteps: 100, minLr: 1.5 }, /minLr/],
      [{ kind: 'cosine', totalSteps: 100, minLr: -0.1 }, /minLr/],
      [{ kind: 'plateau', factor: 1, patience: 2, minLr: 0 }, /factor/],
      [{ kind: 'plateau', factor: -0.1, patience: 2, minLr: 0 }, /factor/],
      [{ kind: 'plateau', factor: 0.5, patience: -1, minLr: 0 }, /patience/],
      [{ kind: 'plateau', factor: 0.5, patience: 2, minLr: -1 }, /minLr/],
      [{ kind: 'plateau', factor: 0.5, patience: 2, minLr: 0, minDelta: -1 }, /minDelta/],
      [{ kind: 'warmup' }, /Unknown schedule kind/],
      [null, /object/],
    ];
    for (const [s, re] of bad) {
      const msg = validateSchedule(s as LrSchedule);
      expect(msg, JSON.stringify(s)).toMatch(re);
    }
  });
});

describe('previewSchedule', () => {
  it('samples `points` steps from 0 to totalSteps inclusive', () => {
    const pts = previewSchedule(0.1, { kind: 'cosine', totalSteps: 1000, minLr: 0.2 }, 1000, 100, 11);
    expect(pts.map((p) => p.step)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(pts[0].lr).toBeCloseTo(0.1, 15);
    expect(pts[5].lr).toBeCloseTo(0.06, 15);
    expect(pts[10].lr).toBeCloseTo(0.02, 15);
  });

  it('default 100 points; fewer when there are fewer steps', () => {
    expect(previewSchedule(0.1, { kind: 'constant' }, 10_000, 100)).toHaveLength(100);
    const few = previewSchedule(0.1, { kind: 'constant' }, 4, 1);
    expect(few.map((p) => p.step)).toEqual([0, 1, 2, 3, 4]);
  });

  it('step schedule uses epoch = floor(step / stepsPerEpoch)', () => {
    const pts = previewSchedule(1, { kind: 'step', dropEvery: 1, factor: 0.5 }, 30, 10, 4);
    expect(pts).toEqual([
      { step: 0, lr: 1 },
      { step: 10, lr: 0.5 },
      { step: 20, lr: 0.25 },
      { step: 30, lr: 0.125 },
    ]);
  });

  it('plateau shows a constant base; invalid configs give an empty preview', () => {
    const pts = previewSchedule(0.3, { kind: 'plateau', factor: 0.5, patience: 2, minLr: 0 }, 500, 50);
    expect(pts.length).toBeGreaterThan(1);
    expect(pts.every((p) => p.lr === 0.3)).toBe(true);
    expect(previewSchedule(0.3, { kind: 'exponential', decayRate: 0.5, decaySteps: 0 }, 500, 50)).toEqual([]);
  });
});
