/**
 * Activation names to the ACT override constant shared by dense.wgsl, conv2d.wgsl and
 * activation.wgsl (prelude/activations.wgsl). gelu and swish are not here: their derivative needs
 * the input, so they run as gelu.wgsl after a linear epilogue (FROM_INPUT below); softmax is
 * row-wise. Recurrent cells use codes 0 to 3 only (prelude/activations_code.wgsl).
 */
export const ACT_CODE: Record<string, number> = {
  linear: 0, relu: 1, sigmoid: 2, tanh: 3, leaky_relu: 4, elu: 5, selu: 6, softplus: 7, softsign: 8, hard_sigmoid: 9, exponential: 10,
};

/** The activations computed from the pre-activation by gelu.wgsl (not invertible from y). */
export const FROM_INPUT: ReadonlySet<string> = new Set(['gelu', 'swish']);

export function actCode(name: string | null | undefined): number {
  const code = ACT_CODE[name ?? 'linear'];
  if (code === undefined) throw new Error(`activation "${name}" has no elementwise kernel`);
  return code;
}
