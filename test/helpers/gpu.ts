/** Shared GPU context for engine tests: Dawn + SwiftShader under Node, created once per worker. */
import { nodeGpuContext } from '../../src/gpu/node-device';
import { PipelineCache } from '../../src/gpu/pipelines';
import type { GpuContext } from '../../src/gpu/device';

let cache: PipelineCache | null = null;

export async function gpu(): Promise<{ ctx: GpuContext; device: GPUDevice; pipelines: PipelineCache }> {
  const ctx = await nodeGpuContext();
  cache ??= new PipelineCache(ctx.device);
  return { ctx, device: ctx.device, pipelines: cache };
}

/** Deterministic test data: a tiny LCG so tests never depend on Math.random. */
export function seededArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let s = (seed * 2654435761) >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((s >>> 8) / 16777216) * (hi - lo);
  }
  return out;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what = ''): void {
  if (actual.length < expected.length) throw new Error(`${what}: length ${actual.length} < ${expected.length}`);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || excess > worstExcess || Number.isNaN(a))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(`${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
  }
}

/** The loss kernels' class weights binding (loss.wgsl binding 6) for a model without class weights: n ones (at least 2, bce's [w0, w1]). */
export const noClassWeights = (n: number): { data: Float32Array } => ({ data: new Float32Array(Math.max(n, 2)).fill(1) });
