/**
 * The optimizer's state lives in one buffer with its slots stacked (any number of slots): read back
 * and written into a fresh trainer, it continues training exactly where the first one was.
 */
import { describe, expect, it } from 'vitest';
import { gpu } from '../helpers/gpu';
import { Trainer } from '../../src/engine/trainer';
import { findPreset } from '../../src/presets/presets';
import { loadDataset } from '../../src/data/registry';
import { optimizerSlots } from '../../src/engine/optimizers';
import type { OptimizerSpec } from '../../src/engine/spec';

const OPTIMIZERS: OptimizerSpec[] = [
  { type: 'adam', lr: 0.01 },
  { type: 'rmsprop', lr: 0.01 },
  { type: 'sgd', lr: 0.05, momentum: 0.9 },
  { type: 'sgd', lr: 0.05 },
  { type: 'adamw', lr: 0.01, amsgrad: true },
  { type: 'adamax', lr: 0.01 },
  { type: 'nadam', lr: 0.01 },
  { type: 'adadelta' },
  { type: 'lion', lr: 0.001, weightDecay: 0.1 },
];

describe('optimizer state, stacked in one buffer', () => {
  for (const optimizer of OPTIMIZERS) {
    it(`${optimizer.type}${'momentum' in optimizer ? ' + momentum' : ''}: saved and restored, a run continues bit-exactly`, async () => {
      const { device, pipelines } = await gpu();
      const preset = findPreset('spiral-mlp')!;
      const spec = { ...preset.spec, optimizer };
      const { train } = await loadDataset(preset.dataset, { seed: 2, n: 320 });
      const make = () => Trainer.create(device, pipelines, spec, { train }, { ...preset.train, seed: 2 });
      const a = await make();
      await a.runSteps(0, 5);
      const state = await a.readOptimizerState();
      expect(Object.keys(state.slots)).toEqual(optimizerSlots(optimizer));
      expect(a.model.optState.size).toBe(Math.max(16, optimizerSlots(optimizer).length * a.model.layout.total * 4));
      for (const slot of Object.values(state.slots)) expect(slot.some((v) => v !== 0)).toBe(true);
      const b = await make();
      b.writeParams(await a.readParams());
      b.writeOptimizerState(state);
      expect(b.globalStep).toBe(5);
      await a.runSteps(5, 3);
      await b.runSteps(5, 3);
      expect(await b.readParams()).toEqual(await a.readParams());
      expect(await b.readOptimizerState()).toEqual(await a.readOptimizerState());
      if (optimizerSlots(optimizer).length > 0) expect(() => b.writeOptimizerState({ step: 1, slots: {} })).toThrow(/has no slot/);
      a.destroy();
      b.destroy();
    });
  }
});
