/**
 * Linear warm-up in front of any schedule (src/engine/schedules.ts), one-cycle among them: the formula written out, the
 * schedule after it shifted by the warm-up, validation of its two fields (engine and project
 * file), and the trainer using it, also in front of reduce-on-plateau.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/registry';
import { learningRateAt, previewSchedule, scheduleName, validateSchedule, type LrSchedule } from '../../src/engine/schedules';
import { Trainer } from '../../src/engine/trainer';
import { findPreset } from '../../src/presets/presets';
import { validateSettings } from '../../src/ui/project/validate';
import { gpu } from '../helpers/gpu';

describe('linear warm-up', () => {
  it('ramps from warmupStart·base to base over warmupSteps, then runs the schedule from its step 0', () => {
    const s: LrSchedule = { kind: 'exponential', decayRate: 0.5, decaySteps: 10, warmupSteps: 4, warmupStart: 0.2 };
    expect(learningRateAt(1, s, 0, 0)).toBeCloseTo(0.2, 15);
    expect(learningRateAt(1, s, 2, 0)).toBeCloseTo(0.2 + 0.8 * 0.5, 15);
    expect(learningRateAt(1, s, 3, 0)).toBeCloseTo(0.2 + 0.8 * 0.75, 15);
    expect(learningRateAt(1, s, 4, 0)).toBe(1);
    expect(learningRateAt(1, s, 14, 0)).toBeCloseTo(0.5, 15);
    // Default start 0.1; an epoch-based schedule keeps its epoch after the warm-up.
    const step: LrSchedule = { kind: 'step', dropEvery: 1, factor: 0.5, warmupSteps: 10 };
    expect(learningRateAt(2, step, 0, 0)).toBeCloseTo(0.2, 15);
    expect(learningRateAt(2, step, 12, 3)).toBe(2 * 0.125);
    // One-cycle after a warm-up: the cycle starts at step W (its own rise from base/divFactor).
    const cycle: LrSchedule = { kind: 'onecycle', totalSteps: 20, divFactor: 10, warmupSteps: 5, warmupStart: 0.5 };
    expect(learningRateAt(1, cycle, 4, 0)).toBeCloseTo(0.5 + 0.5 * 0.8, 15);
    expect(learningRateAt(1, cycle, 5, 0)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(1, cycle, 5 + 5, 0)).toBeCloseTo(1, 15); // rise ends at 0.3·20 - 1 = 5
    expect(learningRateAt(1, cycle, 5 + 19, 0)).toBeCloseTo(0.1 / 1e4, 15);
    expect(learningRateAt(1, cycle, 5 + 40, 0)).toBeCloseTo(0.1 / 1e4, 15); // held after the cycle
    expect(validateSchedule({ kind: 'onecycle', totalSteps: 6 })).toBe('One-cycle schedule: pctStart * totalSteps must be at least 2 steps of rise (got 1.7999999999999998).');
    expect(validateSchedule({ kind: 'onecycle', totalSteps: 20, divFactor: 0.5 })).toBe('One-cycle schedule: divFactor must be >= 1 (got 0.5).');
    // Without warm-up nothing changes; warmupSteps 0 is none.
    expect(learningRateAt(1, { kind: 'cosine', totalSteps: 10, warmupSteps: 0 }, 5, 0)).toBeCloseTo(0.5, 15);
    expect(previewSchedule(1, { kind: 'plateau', factor: 0.5, patience: 1, minLr: 0, warmupSteps: 2 }, 4, 2).map((p) => p.lr)).toEqual([0.1, 0.55, 1, 1, 1]);
  });

  it('is named where exports say the rate is constant (train.py, Keras, TF.js carry no schedule)', () => {
    expect(scheduleName({ kind: 'cosine', totalSteps: 9, warmupSteps: 5 })).toBe('cosine after 5 linear warm-up steps');
    expect(scheduleName({ kind: 'constant', warmupSteps: 0 })).toBe('constant');
  });

  it('refuses bad warm-up fields with a clear message, in the engine and in a project file', () => {
    expect(validateSchedule({ kind: 'constant', warmupSteps: 1.5 })).toBe('Warm-up: warmupSteps must be a whole number of steps >= 0 (got 1.5).');
    expect(validateSchedule({ kind: 'constant', warmupSteps: 3, warmupStart: 0 })).toBe('Warm-up: warmupStart is a fraction of the rate and must be in (0, 1] (got 0).');
    expect(validateSchedule({ kind: 'cosine', totalSteps: 5, warmupSteps: 3, warmupStart: 1 })).toBeNull();
    const settings = { batchSize: 8, epochs: 1, seed: 1, validationSplit: 0, schedule: { kind: 'constant', warmupSteps: -2 } };
    expect(validateSettings(settings)).toEqual({ ok: false, error: 'settings.schedule: Warm-up: warmupSteps must be a whole number of steps >= 0 (got -2)' });
  });

  it('the trainer warms up, also in front of reduce-on-plateau', async () => {
    const { device, pipelines } = await gpu();
    const preset = findPreset('spiral-mlp')!;
    const { train } = await loadDataset(preset.dataset, { seed: 2, n: 320 });
    const schedule: LrSchedule = { kind: 'plateau', factor: 0.5, patience: 1, minLr: 0, warmupSteps: 4, warmupStart: 0.25 };
    const t = await Trainer.create(device, pipelines, preset.spec, { train }, { ...preset.train, seed: 2, schedule });
    try {
      const base = 0.01; // spiral-mlp: Adam lr 0.01
      expect(t.currentLr()).toBeCloseTo(0.25 * base, 12);
      await t.runSteps(0, 2);
      expect(t.currentLr()).toBeCloseTo(base * (0.25 + 0.75 * 0.5), 12);
      await t.runSteps(2, 3);
      expect(t.currentLr()).toBeCloseTo(base, 12);
    } finally {
      t.destroy();
    }
  });
});
