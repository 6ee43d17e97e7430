/**
 * SimpleRNN / LSTM / GRU layer emission (dense projection + fused per-timestep kernels of
 * recurrent.wgsl) run on the GPU against the float64 references, on odd sizes.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import type { LayerDef, NodeView } from '../../src/engine/layers/layer';
import { gru, lstm, RECURRENT_WEIGHT, simpleRNN, type RecurrentNodeExtras } from '../../src/engine/layers/recurrent';
import { gateCount, recurrentBackwardRef, recurrentForwardRef, type CellKind } from '../../src/engine/reference/recurrent';
import type { RecurrentLayer } from '../../src/engine/spec';
import type { TuneRequest } from '../../src/kernels/dispatch';

const DEFS: Record<CellKind, LayerDef<RecurrentLayer>> = { SimpleRNN: simpleRNN, LSTM: lstm, GRU: gru } as never;
const align4 = (n: number) => Math.ceil(n / 4) * 4;

interface Case {
  kind: CellKind;
  B: number;
  T: number;
  F: number;
  U: number;
  seq: boolean;
  mask?: Int32Array;
  activation?: 'tanh' | 'relu' | 'sigmoid' | 'linear';
  /** The tuner's choice for tunable calls (the LSTM steps' rows8), else every fallback. */
  choose?: (req: TuneRequest) => string;
}

async function runCase(c: Case) {
  const { kind, B, T, F, U, seq } = c;
  const GU = gateCount(kind) * U;
  const spec = { id: 'rnn', type: kind, units: U, returnSequences: seq, activation: c.activation } as RecurrentLayer;
  // Flat params with the layout's alignment and a leading gap, as the compiler's would be.
  const offW = 4;
  const offR = align4(offW + F * GU);
  const offB = align4(offR + U * GU);
  const nBias = kind === 'GRU' ? 2 * GU : GU;
  const P = align4(offB + nBias);
  const seed = B * 100 + T * 10 + U + F + kind.length;
  const params = seededArray(P, seed, -0.6, 0.6);
  const x = seededArray(B * T * F, seed + 1);
  const dy = seededArray(seq ? B * T * U : B * U, seed + 2);

  const n: NodeView<RecurrentLayer> & RecurrentNodeExtras = {
    spec,
    inputs: [{ shape: [T, F], dtype: 'float32', id: 'x' }],
    shape: seq ? [T, U] : [U],
    activation: null,
    paramOffsets: { weight: offW, [RECURRENT_WEIGHT]: offR, bias: offB },
    ...(c.mask ? { maskIds: 'ids' } : {}),
  };
  const r = await runLayer({ def: DEFS[kind], view: n, batch: B, values: { x, ...(c.mask ? { ids: c.mask } : {}) }, params, dy, choose: c.choose });
  const { y, grads, dx } = r;
  const fwdCount = r.forwardDispatches.length;
  const bwdCount = r.backwardDispatches.length;
  const stepIds = new Set([...r.forwardDispatches, ...r.backwardDispatches].filter((k) => k.includes('_step_')));

  const dims = { kind, B, T, F, U, returnSequences: seq, activation: c.activation };
  const w = { kernel: params.subarray(offW, offW + F * GU), recurrent: params.subarray(offR, offR + U * GU), bias: params.subarray(offB, offB + nBias) };
  const refY = recurrentForwardRef(dims, x, w, c.mask);
  const refG = recurrentBackwardRef(dims, x, w, dy, c.mask);
  return { y, refY, grads, refG, dx, offW, offR, offB, F, GU, nBias, fwdCount, bwdCount, stepIds };
}

function check(r: Awaited<ReturnType<typeof runCase>>) {
  const tol = 3e-4;
  expectClose(r.y, r.refY, tol, 1e-5, 'y');
  expectClose(r.grads.subarray(r.offW, r.offW + r.F * r.GU), r.refG.dKernel, tol, 2e-5, 'dKernel');
  expectClose(r.grads.subarray(r.offR, r.offR + r.refG.dRecurrent.length), r.refG.dRecurrent, tol, 2e-5, 'dRecurrent');
  expectClose(r.grads.subarray(r.offB, r.offB + r.nBias), r.refG.dBias!, tol, 2e-5, 'dBias');
  expectClose(r.dx, r.refG.dx, tol, 2e-5, 'dx');
}

describe('recurrent layers on the GPU vs float64 BPTT', () => {
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as CellKind[]) {
    for (const T of [1, 2, 7]) {
      for (const seq of [false, true]) {
        it(`${kind} B=3 T=${T} F=5 U=7 returnSequences=${seq}`, async () => {
          const r = await runCase({ kind, B: 3, T, F: 5, U: 7, seq });
          check(r);
          expect(r.fwdCount).toBe(T + 1);
          expect(r.bwdCount).toBe(T + 3);
          expect([...r.stepIds].some((k) => k.endsWith('_vec4'))).toBe(false);
        });
      }
    }
    it(`${kind} vec4 projections B=2 T=4 F=8 U=4, returnSequences`, async () => {
      check(await runCase({ kind, B: 2, T: 4, F: 8, U: 4, seq: true }));
    });
    it(`${kind} with masked (id 0) steps, both output modes`, async () => {
      const mask = Int32Array.from([3, 0, 2, 0, 0, 5, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1]); // B=3, T=7
      check(await runCase({ kind, B: 3, T: 7, F: 5, U: 7, seq: true, mask }));
      check(await runCase({ kind, B: 3, T: 7, F: 5, U: 7, seq: false, mask }));
    });
  }
  // U % 4 == 0 takes the vec4 steps (4 batch rows x 4 units per invocation): partial row blocks
  // (B = 5, 6), one block (B = 4), several unit blocks, masks and other activations.
  for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as CellKind[]) {
    for (const [B, U, seq] of [[5, 8, false], [5, 8, true], [4, 12, true], [6, 16, false]] as const) {
      it(`${kind} vec4 steps B=${B} T=6 F=5 U=${U} returnSequences=${seq}`, async () => {
        const r = await runCase({ kind, B, T: 6, F: 5, U, seq });
        check(r);
        expect(r.fwdCount).toBe(7);
        expect(r.bwdCount).toBe(9);
        expect([...r.stepIds].every((k) => k.endsWith('_vec4'))).toBe(true);
      });
    }
    it(`${kind} vec4 steps with masked (id 0) steps, both output modes`, async () => {
      const mask = Int32Array.from([3, 0, 2, 0, 0, 5, 1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 7, 7, 0, 1, 1, 0, 0, 2, 2, 0, 0, 0]); // B=5, T=7
      check(await runCase({ kind, B: 5, T: 7, F: 5, U: 8, seq: true, mask }));
      check(await runCase({ kind, B: 5, T: 7, F: 5, U: 8, seq: false, mask }));
    });
  }
  it('vec4 steps and vec4 weight / input gradients over B*T rows (F=12: an odd number of k vec4s)', async () => {
    for (const kind of ['SimpleRNN', 'LSTM', 'GRU'] as CellKind[]) check(await runCase({ kind, B: 5, T: 3, F: 12, U: 8, seq: true }));
  });
  it('LSTM vec4 steps with 8-row blocks (the tuner variant rows8): the reference, and the same bits as 4-row blocks', async () => {
    // B = 9: a full block and a partial one; B = 5 (one partial block) with masked steps.
    for (const [B, U, seq, mask] of [[9, 12, false, undefined], [5, 8, true, Int32Array.from({ length: 35 }, (_, i) => (i % 3 === 1 ? 0 : 1 + (i % 5)))]] as const) {
      const keys: string[] = [];
      const rows8 = (req: TuneRequest) => (keys.push(req.key), req.variants.includes('rows8') ? 'rows8' : req.fallback);
      const c = { kind: 'LSTM' as const, B, T: mask ? 7 : 5, F: 5, U, seq, mask };
      const wide = await runCase({ ...c, choose: rows8 });
      check(wide);
      expect(keys.filter((k) => k.startsWith('lstm_step_')).length).toBe(2 * c.T); // every step asked the tuner
      const narrow = await runCase(c);
      expect(wide.y).toEqual(narrow.y);
      expect(wide.grads).toEqual(narrow.grads);
      expect(wide.dx).toEqual(narrow.dx);
    }
  });
  it('vec4 steps: SimpleRNN relu, LSTM sigmoid, GRU linear cell activations', async () => {
    check(await runCase({ kind: 'SimpleRNN', B: 5, T: 7, F: 5, U: 8, seq: true, activation: 'relu' }));
    check(await runCase({ kind: 'LSTM', B: 5, T: 7, F: 5, U: 8, seq: false, activation: 'sigmoid' }));
    check(await runCase({ kind: 'GRU', B: 5, T: 7, F: 5, U: 8, seq: true, activation: 'linear' }));
  });
  it('SimpleRNN with relu and sigmoid cell activations', async () => {
    check(await runCase({ kind: 'SimpleRNN', B: 3, T: 7, F: 5, U: 7, seq: true, activation: 'relu' }));
    check(await runCase({ kind: 'LSTM', B: 3, T: 7, F: 5, U: 7, seq: false, activation: 'sigmoid' }));
  });
});
