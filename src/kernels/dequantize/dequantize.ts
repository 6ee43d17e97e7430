/**
 * Launcher of dequantize.wgsl: int8 weights (4 per u32 of q) with per-channel scales back into the
 * flat float32 parameter buffer; chan [N] u32 picks each parameter's scale (0xffffffff: copy keep).
 */
import type { Binding, Dispatcher } from '../dispatch';
import { MAX_WORKGROUPS } from '../grid';

const WG = 256;

/** params[i] = chan[i] == NOT_QUANTIZED ? keep[i] : f32(q[i]) * scales[chan[i]], i < N. */
export function dequantizeInt8(d: Dispatcher, a: { N: number; q: Binding; chan: Binding; scales: Binding; keep: Binding; params: Binding }): void {
  const groups = Math.ceil(a.N / WG);
  const NX = Math.max(1, Math.min(groups, MAX_WORKGROUPS));
  d.dispatch('dequantize_int8', { N: a.N, NX }, [a.q, a.chan, a.scales, a.keep, a.params], [NX, Math.ceil(groups / NX)]);
}
