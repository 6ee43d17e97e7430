/**
 * Workgroup grids for 1-D kernels whose work exceeds the 65535 workgroups WebGPU allows per
 * dimension: the count is split into X x Y and the kernel linearises the invocation index as
 * gid.x + gid.y * num_workgroups.x * WG (prelude/index.wgsl flat_id), skipping ids past the end.
 */
export const MAX_WORKGROUPS = 65535;

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** A 1-D workgroup count split into X x Y under the per-dimension limit, as evenly as possible. */
export function splitGrid(n: number): [number, number] {
  if (n <= MAX_WORKGROUPS) return [Math.max(n, 1), 1];
  const y = ceilDiv(n, MAX_WORKGROUPS);
  return [ceilDiv(n, y), y];
}

/**
 * Workgroups of `wg` invocations for `invocations` 1-D invocations: X filled to the limit first,
 * then further rows of Y (at least one workgroup).
 */
export function invocationGrid(invocations: number, wg = 64): [number, number] {
  const n = Math.max(1, ceilDiv(invocations, wg));
  return n <= MAX_WORKGROUPS ? [n, 1] : [MAX_WORKGROUPS, ceilDiv(n, MAX_WORKGROUPS)];
}
