/**
 * Launcher of mlp_steps.wgsl: several whole training steps of a small dense stack in one dispatch
 * of one workgroup (forward, loss, backward and the optimizer update, activations in workgroup
 * memory). `mlpStepsWorkgroupWords` says whether a stack fits; the engine decides when to use it.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { optimizerConstants, type OptimizerRule } from '../optimizer/optimizer';

/** Most dense layers one fused kernel runs. */
export const MLP_MAX_LAYERS = 4;
/** Workgroup memory the kernel may use (bytes): WebGPU's guaranteed minimum, so any adapter runs it. */
export const MLP_WORKGROUP_BYTES = 16384;
/** Most invocations of the one workgroup (mlp_steps.wgsl's WG): the reduction arrays are sized for it. */
const WG = 64;
/** The loss codes of mlp_steps.wgsl. */
export const MLP_LOSS = { sparse_softmax_xent: 0, mse: 1 } as const;

export interface MlpLayer {
  /** Output width. */
  units: number;
  /** Activation code (activation-codes.ts); 0 for the output whose softmax the loss absorbs. */
  act: number;
  /** Flat offsets of the kernel [in, units] and of the bias (null: no bias). */
  wOff: number;
  bOff: number | null;
}

export interface MlpStepsArgs {
  B: number;
  /** Input width. */
  inputs: number;
  layers: MlpLayer[];
  loss: keyof typeof MLP_LOSS;
  /** 32-bit words per target row: 1 class id, or the output width of float targets. */
  targetWords: number;
  /** Rows in the dataset (gather clamps to it). */
  rows: number;
  /** The optimizer's update rule (its P4 is the parameter vector's length in vec4s), as optimizerUpdate takes it. */
  optimizer: OptimizerRule;
  /** Invocations of the workgroup, at most 64: fewer run faster on a CPU adapter (each one is a fiber on one core). */
  wg: number;
  /** 16-byte uniform: u32 first record, u32 count. */
  args: Binding;
  records: Binding;
  perm: Binding;
  xs: Binding;
  ys: Binding;
  params: Binding;
  grads: Binding;
  state: Binding;
  metrics: Binding;
}

/** The kernel's workgroup arrays (in 4-byte words): activations, layer gradients, targets, parameters. */
function workgroupArrays(B: number, inputs: number, units: number[], targetWords: number, P4: number) {
  const sum = units.reduce((a, b) => a + b, 0);
  return { ACT_WORDS: B * (inputs + sum), D_WORDS: B * sum, T_WORDS: B * targetWords, P_WORDS: 4 * P4 };
}

/** The workgroup words (4 bytes each) the kernel needs for this stack: its arrays and the reductions. */
export function mlpStepsWorkgroupWords(B: number, inputs: number, units: number[], targetWords: number, P4: number): number {
  const arrays = workgroupArrays(B, inputs, units, targetWords, P4);
  return Object.values(arrays).reduce((a, b) => a + b, 0) + 2 * WG;
}

export function mlpSteps(d: Dispatcher, a: MlpStepsArgs): void {
  const L = a.layers.length;
  if (L < 1 || L > MLP_MAX_LAYERS) throw new Error(`mlp_steps: 1 to ${MLP_MAX_LAYERS} layers (got ${L})`);
  const units = a.layers.map((l) => l.units);
  const P4 = a.optimizer.P4;
  const words = mlpStepsWorkgroupWords(a.B, a.inputs, units, a.targetWords, P4);
  if (words * 4 > MLP_WORKGROUP_BYTES) throw new Error(`mlp_steps: ${words * 4} bytes of workgroup memory (at most ${MLP_WORKGROUP_BYTES})`);
  const constants: Record<string, number | boolean> = {
    ...optimizerConstants(a.optimizer),
    WG: Math.min(WG, a.wg),
    B: a.B,
    L,
    N0: a.inputs,
    LOSS: MLP_LOSS[a.loss],
    TW: a.targetWords,
    NROWS: a.rows,
    ...workgroupArrays(a.B, a.inputs, units, a.targetWords, P4),
  };
  a.layers.forEach((l, i) => {
    constants[`N${i + 1}`] = l.units;
    constants[`A${i + 1}`] = l.act;
    constants[`WO${i + 1}`] = l.wOff;
    if (l.bOff !== null) constants[`BO${i + 1}`] = l.bOff;
  });
  d.dispatch('mlp_steps', constants, [a.args, a.records, a.perm, a.xs, a.ys, a.params, a.grads, a.state, a.metrics], [1]);
}
