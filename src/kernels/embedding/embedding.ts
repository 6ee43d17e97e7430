/**
 * Launchers of embedding.wgsl: ids [P] int32 (P = batch * T), table [V, D] at wOff of the flat
 * params (its gradient at the same offset of grads), y, dy [P, D].
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

interface EmbeddingShape {
  P: number;
  V: number;
  D: number;
  wOff: number;
}

const constants = (s: EmbeddingShape) => ({ P: s.P, V: s.V, D: s.D, W_OFF: s.wOff });

/** y[p, :] = table[clamp(ids[p]), :] (one invocation per output element). */
export function embeddingForward(d: Dispatcher, a: EmbeddingShape & { ids: Binding; params: Binding; y: Binding }): void {
  d.dispatch('embedding_forward', constants(a), [a.ids, a.params, a.y], splitGrid(Math.ceil((a.P * a.D) / 64)));
}

/** dtable[v, :] = Σ_{p: ids[p] = v} dy[p, :] (overwrites; one invocation per table row, no atomics). */
export function embeddingBackward(d: Dispatcher, a: EmbeddingShape & { ids: Binding; dy: Binding; grads: Binding }): void {
  d.dispatch('embedding_backward', constants(a), [a.ids, a.dy, a.grads], splitGrid(Math.ceil(a.V / 64)));
}
