/** Activation names to the ACT override constant shared by dense.wgsl and activation.wgsl. */
export const ACT_CODE: Record<string, number> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

export function actCode(name: string | null | undefined): number {
  const code = ACT_CODE[name ?? 'linear'];
  if (code === undefined) throw new Error(`activation "${name}" has no elementwise kernel`);
  return code;
}
