/**
 * Launchers of the fused per-timestep cells of recurrent.wgsl + recurrent_vec4.wgsl (SimpleRNN,
 * LSTM, GRU): the variant (vec4 blocks of 4 batch rows x 4 units when U % 4 == 0, for the LSTM
 * also 8 rows as a tuner variant; else one invocation per (b, u)), override constants, binding order and grid of one step. Shapes (rows
 * r = b*T + t): proj [B*T, G*U] · h, hp, c [B*T, U] · gates [B*T, 4U] · last, dhc, dc [B, U] ·
 * dz, dzr [B*T, G*U]; t is a 16-byte window of a constants buffer holding the timestep.
 */
import { emitTuned, type Binding, type Dispatcher } from '../dispatch';
import type { KernelId } from '../registry';

export type RecurrentCell = 'SimpleRNN' | 'LSTM' | 'GRU';

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

const STEP: Record<RecurrentCell, { fwd: KernelId; bwd: KernelId }> = {
  SimpleRNN: { fwd: 'simple_rnn_step_forward', bwd: 'simple_rnn_step_backward' },
  LSTM: { fwd: 'lstm_step_forward', bwd: 'lstm_step_backward' },
  GRU: { fwd: 'gru_step_forward', bwd: 'gru_step_backward' },
};
/** The vec4 steps (4 batch rows x 4 units per invocation), used when units % 4 == 0. */
const STEP_VEC4: Record<RecurrentCell, { fwd: KernelId; bwd: KernelId }> = {
  SimpleRNN: { fwd: 'simple_rnn_step_forward_vec4', bwd: 'simple_rnn_step_backward_vec4' },
  LSTM: { fwd: 'lstm_step_forward_vec4', bwd: 'lstm_step_backward_vec4' },
  GRU: { fwd: 'gru_step_forward_vec4', bwd: 'gru_step_backward_vec4' },
};
/** Workgroup size of the vec4 steps (the WG override). */
const STEP_VEC4_WG = 64;

export interface RecurrentStepShape {
  kind: RecurrentCell;
  B: number;
  T: number;
  U: number;
  /** Offsets in the flat params of the recurrent kernel [U, G*U] and GRU's recurrent bias (else 0). */
  rOff: number;
  rbOff: number;
  hasBias: boolean;
  /** ACT codes (activation-codes.ts) of the cell and of the gates. */
  act: number;
  ract: number;
  /** ids [B*T] int32 bound as `ids`: steps with id 0 carry the state over. */
  masked: boolean;
  /** Process t = T-1..0 (Bidirectional's backward half). */
  reverse: boolean;
}

/**
 * The LSTM vec4 steps' block heights, tuned per shape: 4 batch rows, or 8 (RB8: each recurrent
 * weight vec4 serves twice the rows; the same sums in the same order, so the same bits).
 */
export const LSTM_STEP_VARIANTS = ['rows4', 'rows8'];

function plan(s: RecurrentStepShape, rows8 = false) {
  const constants = { B: s.B, T: s.T, U: s.U, R_OFF: s.rOff, RB_OFF: s.rbOff, HAS_BIAS: s.hasBias, ACT: s.act, RACT: s.ract, MASK: s.masked, REVERSE: s.reverse };
  // 8-row blocks halve the invocations: half the workgroup size keeps as many workgroups (threads on a CPU adapter).
  const [rows, wgSize] = rows8 ? [8, STEP_VEC4_WG / 2] : [4, STEP_VEC4_WG];
  if (s.U % 4 === 0) return { ids: STEP_VEC4[s.kind], wg: [ceilDiv(ceilDiv(s.B, rows) * (s.U / 4), wgSize)] as [number], constants: { ...constants, WG: wgSize, RB8: rows8 } };
  return { ids: STEP[s.kind], wg: [ceilDiv(s.B * s.U, 64)] as [number], constants };
}

/** Emits one step, through the tuner for the LSTM's vec4 steps (4 or 8 rows per block). */
function emitStep(d: Dispatcher, s: RecurrentStepShape, pass: 'fwd' | 'bwd', extra: Record<string, boolean>, bindings: Binding[]): void {
  const emit = (dd: Dispatcher, v: string) => {
    const k = plan(s, v === 'rows8');
    dd.dispatch(k.ids[pass], { ...k.constants, ...extra }, bindings, k.wg);
  };
  if (s.kind !== 'LSTM' || s.U % 4 !== 0) return emit(d, LSTM_STEP_VARIANTS[0]);
  const key = `lstm_step_${pass === 'fwd' ? 'forward' : 'backward'}|B=${s.B},T=${s.T},U=${s.U},ACT=${s.act},RACT=${s.ract},MASK=${Number(s.masked)}`;
  emitTuned(d, { key, variants: LSTM_STEP_VARIANTS, fallback: LSTM_STEP_VARIANTS[0], emit });
}

/** One forward step: h (and c, gates) of timestep t from proj and h_{t-1}; hp = h_{t-1}. */
export function recurrentStepForward(
  d: Dispatcher,
  s: RecurrentStepShape & { t: Binding; params: Binding; proj: Binding; ids: Binding; h: Binding; last: Binding; hp: Binding; gates: Binding | null; c: Binding | null },
): void {
  const b: Binding[] = [s.t, s.params, s.proj, s.ids, s.h, s.last, s.hp];
  if (s.gates) b.push(s.gates);
  if (s.c) b.push(s.c);
  emitStep(d, s, 'fwd', {}, b);
}

/**
 * One backward step: gate gradients dz (GRU also dzr) of timestep t and the carried dhc (LSTM dc).
 * `state` is h (LSTM: c); dy is [B*T, U] when `seq` (returnSequences), else [B, U].
 */
export function recurrentStepBackward(
  d: Dispatcher,
  s: RecurrentStepShape & { seq: boolean; t: Binding; params: Binding; dy: Binding; ids: Binding; state: Binding; dz: Binding; dhc: Binding; gates: Binding | null; dc: Binding | null; dzr: Binding },
): void {
  const b: Binding[] = [s.t, s.params, s.dy, s.ids, s.state, s.dz, s.dhc];
  if (s.kind === 'LSTM') b.push(s.gates!, s.dc!);
  if (s.kind === 'GRU') b.push(s.gates!, s.dzr);
  emitStep(d, s, 'bwd', { SEQ: s.seq }, b);
}
