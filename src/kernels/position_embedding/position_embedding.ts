/**
 * Launchers of position_embedding.wgsl: x, y, dy [N, T, D]; table [T, D] at tabOff of the bound
 * table buffer (the flat params, or a constant sinusoidal table); its gradient at wOff of grads.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';

const grid = (invocations: number) => splitGrid(Math.ceil(invocations / 256));

/** y[n, t, d] = x[n, t, d] + table[t, d]. */
export function positionEmbeddingForward(d: Dispatcher, a: { N: number; T: number; D: number; x: Binding; table: Binding; tabOff: number; y: Binding }): void {
  d.dispatch('position_embedding_forward', { N: a.N, T: a.T, D: a.D, TAB_OFF: a.tabOff }, [a.x, a.table, a.y], grid(a.N * a.T * a.D));
}

/** dtable[t, d] = Σ_n dy[n, t, d] (overwrites; one invocation per table element). */
export function positionEmbeddingBackward(d: Dispatcher, a: { N: number; T: number; D: number; dy: Binding; grads: Binding; wOff: number }): void {
  d.dispatch('position_embedding_backward', { N: a.N, T: a.T, D: a.D, W_OFF: a.wOff }, [a.dy, a.grads], grid(a.T * a.D));
}
