/**
 * The optimizer table (src/engine/optimizers.ts) is consistent with itself and with what it points
 * at: defaults, ranges, labels, slots, the WGSL cases and override constants, the float64
 * reference classes and the PyTorch rule in train.py. A missing row or hyperparameter field is a
 * compile error: the @ts-expect-error lines below make `tsc --noEmit` fail if that ever stops.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  allHyperFields,
  hyperLabel,
  hyperProblem,
  OPTIMIZER_TABLE,
  OPTIMIZERS,
  optimizerDefaults,
  optimizerHyperFields,
  optimizerRow,
  optimizerSlotDefs,
  optimizerSlots,
  type OptimizerHp,
} from '../../src/engine/optimizers';
import { AdagradRef, AdamRef, AdamWRef, RmspropRef, SgdRef } from '../../src/engine/reference/optimizers';
import { AdadeltaRef, AdamaxRef, LionRef, NadamRef } from '../../src/engine/reference/optimizers-torch';
import { optimizerFields } from '../../src/ui/model/edit-spec';
import { optimizerSlots as slotCount } from '../../src/ui/model/estimates';
import { validateOptimizer } from '../../src/ui/project/validate';
import { sequential } from '../../src/engine/spec';

// The update rule (its OPT cases and override constants) lives in the prelude part both the optimizer and the fused MLP steps include.
const wgsl = readFileSync(new URL('../../src/kernels/prelude/optimizer_rule.wgsl', import.meta.url), 'utf8');
const torch = readFileSync(new URL('../../src/io/torch/train.py', import.meta.url), 'utf8');

// A table without a row does not compile.
// @ts-expect-error the 'adam' row is missing
const missingRow: typeof OPTIMIZER_TABLE = { ...OPTIMIZER_TABLE, adam: undefined };
// A row without one of its hyperparameters does not compile.
// @ts-expect-error adam's epsilon field is missing
const missingField: (typeof OPTIMIZER_TABLE)['adam']['fields'] = { lr: OPTIMIZER_TABLE.adam.fields.lr, beta1: OPTIMIZER_TABLE.adam.fields.beta1, beta2: OPTIMIZER_TABLE.adam.fields.beta2, amsgrad: OPTIMIZER_TABLE.adam.fields.amsgrad };
void missingRow;
void missingField;

/** The classes' own defaults, which must be the table's defaults. */
const REF_DEFAULTS: Record<string, Record<string, unknown>> = {
  sgd: { ...new SgdRef().hp },
  adagrad: { ...new AdagradRef().hp },
  rmsprop: { ...new RmspropRef().hp },
  adam: { ...new AdamRef().hp },
  adamw: { ...new AdamWRef().hp },
  adamax: { ...new AdamaxRef().hp },
  nadam: { ...new NadamRef().hp },
  adadelta: { ...new AdadeltaRef().hp },
  lion: { ...new LionRef().hp },
};

describe('optimizer table', () => {
  it('lists the optimizers in the order the UI offers them', () => {
    expect(OPTIMIZERS).toEqual(['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adamax', 'nadam', 'adadelta', 'lion']);
    expect(OPTIMIZERS.map((n) => OPTIMIZER_TABLE[n].label)).toEqual(['SGD', 'Adagrad', 'RMSprop', 'Adam', 'AdamW', 'Adamax', 'NAdam', 'Adadelta', 'Lion']);
  });

  for (const name of OPTIMIZERS) {
    describe(name, () => {
      const fields = optimizerHyperFields(name);
      const d = optimizerDefaults({ type: name }) as unknown as Record<string, unknown>;

      it('fills in every field default (Keras) in table order, lr first, and keeps given values', () => {
        expect(Object.keys(d)).toEqual(['type', ...fields.map((f) => f.key)]);
        expect(fields[0].key).toBe('lr');
        for (const f of fields) expect(d[f.key]).toBe(f.default);
        expect((optimizerDefaults({ type: name, lr: 0.5 }) as { lr: number }).lr).toBe(0.5);
      });

      it('agrees with its reference class defaults and builds that reference', () => {
        for (const f of fields) expect(REF_DEFAULTS[name][f.key]).toBe(f.default);
        const ref = optimizerRow(name).reference(d as unknown as OptimizerHp);
        const p = Float64Array.from([1, -2, 3, 0.5]);
        ref.step(p, [0.1, 0.2, -0.3, 0]);
        expect(p[0]).toBeLessThan(1);
      });

      it('has defaults inside its own ranges, and the validators refuse values outside', () => {
        for (const f of fields) {
          expect(hyperProblem(f, f.default, 'spec')).toBeNull();
          expect(validateOptimizer({ type: name, [f.key]: f.default }).ok).toBe(true);
          const bad = typeof f.default === 'boolean' ? 'yes' : f.range === 'fraction' ? 1 : f.range === 'nonnegative' ? -1 : 0;
          expect(validateOptimizer({ type: name, [f.key]: bad }).ok).toBe(false);
        }
      });

      it('names its state slots (unique) with their initial values', () => {
        const variants = name === 'sgd' ? [{ type: name }, { type: name, momentum: 0.9 }] : name === 'adam' || name === 'adamw' ? [{ type: name }, { type: name, amsgrad: true }] : [{ type: name }];
        for (const o of variants) {
          const slots = optimizerSlotDefs(o as never);
          expect(new Set(slots.map((s) => s.name)).size).toBe(slots.length);
          expect(optimizerSlots(o as never)).toEqual(slots.map((s) => s.name));
          expect(slotCount(sequential('m', [], 'mse', o as never))).toBe(slots.length);
        }
        if (name === 'adam' || name === 'adamw') expect(optimizerSlots({ type: name as 'adam', amsgrad: true })).toEqual(['m', 'v', 'vhat']);
        if (name === 'adagrad') expect(optimizerSlotDefs({ type: 'adagrad', initialAccumulator: 0.3 })).toEqual([{ name: 'a', init: 0.3 }]);
      });

      it('selects a WGSL case whose override constants the kernel declares', () => {
        const { code, constants } = optimizerRow(name).wgsl(d as unknown as OptimizerHp);
        expect(code === 0 || wgsl.includes(`case ${code}u:`)).toBe(true);
        for (const k of Object.keys(constants)) expect(wgsl).toMatch(new RegExp(`override ${k}: `));
      });

      it('has a PyTorch rule in train.py', () => {
        expect(torch).toMatch(new RegExp(`kind == "${name}"`));
      });
    });
  }

  it('gives each WGSL variant its own code', () => {
    const codes = [
      { type: 'sgd' },
      { type: 'sgd', momentum: 0.9 },
      { type: 'sgd', momentum: 0.9, nesterov: true },
      { type: 'adagrad' },
      { type: 'rmsprop' },
      { type: 'adam' },
      { type: 'adam', amsgrad: true },
      { type: 'adamax' },
      { type: 'nadam' },
      { type: 'adadelta' },
      { type: 'lion' },
    ].map((o) => optimizerRow(o.type as never).wgsl(optimizerDefaults(o as never)).code);
    expect(codes).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // AdamW is Adam's case with the decoupled decay constant; its defaults are torch.optim.AdamW's.
    const w = optimizerRow('adamw').wgsl(optimizerDefaults({ type: 'adamw', amsgrad: true }));
    expect(w).toEqual({ code: 6, constants: { B1: 0.9, B2: 0.999, EPS: 1e-8, DWD: 0.01 } });
    expect(optimizerRow('adam').wgsl(optimizerDefaults({ type: 'adam' })).constants.DWD).toBeUndefined();
  });

  it('bias-corrects the step size of the Adam family only; NAdam adds beta and gamma', () => {
    for (const name of OPTIMIZERS) {
      const o = optimizerDefaults({ type: name });
      const alpha = optimizerRow(name).stepSize(o, 0.01, 3);
      if (name === 'adam' || name === 'adamw') expect(alpha).toBe((0.01 * Math.sqrt(1 - Math.pow(0.999, 3))) / (1 - Math.pow(0.9, 3)));
      else if (name === 'adamax') expect(alpha).toBe(0.01 / (1 - Math.pow(0.9, 3)));
      else if (name !== 'nadam') expect(alpha).toBe(0.01);
      expect(optimizerRow(name).stepExtra !== undefined, name).toBe(name === 'nadam');
    }
    // NAdam at t = 2 with torch's defaults, written out: mu_i = 0.9 (1 - 0.5 * 0.96^(0.004 i)).
    const mu = (i: number) => 0.9 * (1 - 0.5 * Math.pow(0.96, 0.004 * i));
    const o = optimizerDefaults({ type: 'nadam' });
    expect(optimizerRow('nadam').stepSize(o, 0.01, 2)).toBeCloseTo((0.01 * (1 - mu(2))) / (1 - mu(1) * mu(2)), 15);
    const extra = optimizerRow('nadam').stepExtra!(o, 0.01, 2);
    expect(extra.beta).toBeCloseTo((0.01 * mu(3)) / (1 - mu(1) * mu(2) * mu(3)), 15);
    expect(extra.gamma).toBeCloseTo(1 / (1 - 0.999 * 0.999), 9);
  });

  it('has one label per hyperparameter key, which every UI shows', () => {
    for (const f of allHyperFields()) {
      for (const name of OPTIMIZERS) {
        const same = optimizerHyperFields(name).find((g) => g.key === f.key);
        if (same) expect(same.label).toBe(f.label);
      }
    }
    expect(hyperLabel('nesterov')).toBe('Nesterov momentum');
    for (const name of OPTIMIZERS) for (const h of optimizerFields({ type: name })) expect(h.label).toBe(hyperLabel(h.key));
  });
});
