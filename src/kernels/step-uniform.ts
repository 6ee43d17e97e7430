/**
 * The per-step uniform (WGSL `struct Step`, src/kernels/prelude/step.wgsl): its field order and
 * types, byte size, and the one encoder the trainer, single-input prediction and the tests use.
 * test/kernels/step-uniform.test.ts parses the WGSL struct and checks it against STEP_FIELDS.
 */

/** The struct's fields in declaration order, each 4 bytes. */
export const STEP_FIELDS = [
  ['base', 'u32'], // first dataset row of the batch (gather)
  ['rows', 'u32'], // rows in the batch (the last batch of an epoch may be short)
  ['step', 'u32'], // optimizer step t, 1-based
  ['seed', 'u32'], // per-step random seed (dropout)
  ['lr', 'f32'], // learning rate
  ['alpha', 'f32'], // the optimizer's step size at t (e.g. Adam's bias-corrected lr)
  ['clip', 'f32'], // global-norm gradient clip (0: none)
  ['beta', 'f32'], // the optimizer's second per-step scalar (NAdam's momentum coefficient)
  ['gamma', 'f32'], // the optimizer's third per-step scalar (NAdam's 1 / (1 - β2^t))
  ['pad', 'f32'],
] as const;

export type StepField = Exclude<(typeof STEP_FIELDS)[number][0], 'pad'>;

/** Bytes of the Step uniform. */
export const STEP_UNIFORM_BYTES = STEP_FIELDS.length * 4;

/** Field values; a missing one is 0. */
export type StepValues = Partial<Record<StepField, number>>;

/** Writes `values` into `into` (a fresh STEP_UNIFORM_BYTES buffer by default) in the WGSL layout. */
export function encodeStep(values: StepValues, into: ArrayBuffer = new ArrayBuffer(STEP_UNIFORM_BYTES)): ArrayBuffer {
  const view = new DataView(into);
  STEP_FIELDS.forEach(([name, type], i) => {
    const v = name === 'pad' ? 0 : (values[name] ?? 0);
    if (type === 'u32') view.setUint32(i * 4, v >>> 0, true);
    else view.setFloat32(i * 4, v, true);
  });
  return into;
}

/** The encoded uniform as u32 words (for one-shot kernel runs that take typed arrays). */
export const stepWords = (values: StepValues): Uint32Array => new Uint32Array(encodeStep(values));
