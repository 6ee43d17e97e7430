/**
 * Linear warm-up in front of a schedule, and the one-cycle schedule, against PyTorch: SequentialLR([LinearLR(start_factor,
 * total_iters=W), main], milestones=[W]) with main = a constant rate, ExponentialLR (our
 * exponential: gamma = decayRate^(1/decaySteps)) or CosineAnnealingLR (our cosine: T_max =
 * totalSteps, eta_min = minLr·base; torch's cosine climbs again after T_max where ours stays, so the
 * cases end before it). Every step's learning rate must agree within 1e-9 relative.
 */
import { describe, expect, it } from 'vitest';
import { learningRateAt, type LrSchedule } from '../../src/engine/schedules';
import { runPython } from '../helpers/python';

const BASE = 0.01;
const STEPS = 60;

const CASES: { name: string; s: LrSchedule; main: Record<string, unknown> }[] = [
  { name: 'constant, 10 warm-up steps from 0.1', s: { kind: 'constant', warmupSteps: 10 }, main: { kind: 'constant' } },
  { name: 'exponential, 7 warm-up steps from 0.25', s: { kind: 'exponential', decayRate: 0.5, decaySteps: 20, warmupSteps: 7, warmupStart: 0.25 }, main: { kind: 'exponential', gamma: Math.pow(0.5, 1 / 20) } },
  { name: 'cosine to 0.1, 12 warm-up steps from 0.01', s: { kind: 'cosine', totalSteps: 48, minLr: 0.1, warmupSteps: 12, warmupStart: 0.01 }, main: { kind: 'cosine', T_max: 48, eta_min: 0.1 * BASE } },
  // One-cycle: torch's OneCycleLR (cos, two phases, cycle_momentum=False). Not after a warm-up: torch's
  // OneCycleLR rewrites the group's rate when built, so SequentialLR does not compose it with LinearLR
  // (test/engine/schedule-warmup.test.ts checks our documented formula for that case).
  { name: 'one-cycle, defaults', s: { kind: 'onecycle', totalSteps: STEPS }, main: { kind: 'onecycle', max_lr: BASE, total_steps: STEPS, pct_start: 0.3, div_factor: 25, final_div_factor: 1e4 } },
  { name: 'one-cycle, pctStart 0.45, divisors 10 and 100', s: { kind: 'onecycle', totalSteps: STEPS, pctStart: 0.45, divFactor: 10, finalDivFactor: 100, warmupSteps: 0 }, main: { kind: 'onecycle', max_lr: BASE, total_steps: STEPS, pct_start: 0.45, div_factor: 10, final_div_factor: 100 } },
];

describe('linear warm-up (LinearLR + SequentialLR) and one-cycle (OneCycleLR) vs torch', () => {
  it('every step of every case agrees within 1e-9 (relative)', () => {
    const input = CASES.map((c) => ({ name: c.name, base: BASE, steps: STEPS, warmupSteps: c.s.warmupSteps ?? 0, warmupStart: c.s.warmupStart ?? 0.1, main: c.main }));
    const theirs = runPython<{ results: Record<string, number[]> }>('test/parity/py/schedules_torch.py', { cases: input }).results;
    for (const c of CASES) {
      const t = theirs[c.name];
      expect(t.length).toBe(STEPS);
      let worst = 0;
      for (let step = 0; step < STEPS; step++) worst = Math.max(worst, Math.abs(learningRateAt(BASE, c.s, step, 0) - t[step]) / t[step]);
      console.log(`[schedule parity] ${c.name}: worst relative difference ${worst.toExponential(2)}; lr at steps 0, 10, 30, 59: ${[0, 10, 30, 59].map((i) => t[i].toPrecision(4)).join(', ')}`);
      expect(worst, c.name).toBeLessThan(1e-9);
      // The warm-up (or the cycle's rise) is live: the first step runs well below the base rate.
      expect(t[0]).toBeLessThan(0.5 * BASE);
    }
  });
});
