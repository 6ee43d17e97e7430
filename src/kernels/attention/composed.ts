/**
 * Launchers of attention_composed.wgsl, the explicit-matrix oracle (tests and the attention-map
 * probe): S [N, H, TQ, TK] = SCALE · q·k (masked: -1e9), then (softmax_forward) P, then O = P·V.
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';
import { attentionScale, type AttentionShape } from './attention';

const grid = (invocations: number) => splitGrid(Math.ceil(invocations / 64));

function constants(a: AttentionShape & { causal: boolean; masked: boolean }) {
  return { N: a.N, H: a.H, TQ: a.TQ, TK: a.TK, DK: a.DK, SCALE: attentionScale(a.DK), CAUSAL: a.causal, KEY_MASK: a.masked };
}

/** S [N, H, TQ, TK] from q [N, TQ, H*DK] and k [N, TK, H*DK]; ids [N, TK] (null: no key mask). */
export function attentionComposedScores(d: Dispatcher, a: AttentionShape & { causal: boolean; q: Binding; k: Binding; ids: Binding | null; s: Binding }): void {
  d.dispatch('attention_composed_scores', constants({ ...a, masked: a.ids !== null }), [a.q, a.k, a.ids ?? a.q, a.s], grid(a.N * a.H * a.TQ * a.TK));
}

/** O [N, TQ, H*DK] = P [N, H, TQ, TK] · V [N, TK, H*DK] (one invocation per output vec4). */
export function attentionComposedContext(d: Dispatcher, a: AttentionShape & { causal: boolean; p: Binding; v: Binding; o: Binding }): void {
  d.dispatch('attention_composed_context', constants({ ...a, masked: false }), [a.p, a.v, a.o], grid((a.N * a.TQ * a.H * a.DK) / 4));
}
