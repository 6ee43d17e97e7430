/**
 * Concatenate: joins 2 to 16 inputs along one axis (Keras semantics: axis -1 by default, the last;
 * 1 is the first axis after the batch; 0, the batch, is refused); the other axes must match.
 * Forward one concat_forward per input into its slice of the output; backward one concat_backward
 * per input that needs a gradient (accumulating where the input already has one).
 */
import { size, type LayerDef, type NodeView } from './layer';
import { concatBackward, concatForward, type ConcatSlab } from '../../kernels/concat/concat';
import { NO_MASK } from './layer-meta';
import type { ConcatenateLayer } from '../spec';
import { concatForward as concatRef } from '../reference/merge';

/** The sample axis (0 = the first after the batch) that Keras axis `axis` names in a rank-`rank` sample, or null. */
export function concatAxisIndex(axis: number | undefined, rank: number): number | null {
  const a = axis ?? -1;
  if (!Number.isInteger(a) || a === 0 || a < -rank || a > rank) return null;
  return a < 0 ? rank + a : a - 1;
}

/** Each input's slab geometry in the output of `n` over `batch` rows. */
function slabs(n: NodeView<ConcatenateLayer>, batch: number): ConcatSlab[] {
  const k = concatAxisIndex(n.spec.axis, n.shape.length)!;
  const outer = batch * size(n.shape.slice(0, k));
  const inner = size(n.shape.slice(k + 1));
  const row = n.shape[k] * inner;
  let off = 0;
  return n.inputs.map((x) => {
    const seg = x.shape[k] * inner;
    off += seg;
    return { outer, seg, row, off: off - seg };
  });
}

export const concatenate: LayerDef<ConcatenateLayer> = {
  type: 'Concatenate',
  arity: [2, 16],
  summary: 'Joins its inputs along one axis (the others must match)',
  fields: [{ key: 'axis', label: 'Axis', kind: 'int', min: -8, max: 8, default: -1, optional: true, help: '-1: the last axis (channels); 1: the first axis after the batch' }],
  initial: { axis: -1 },
  activation: 'none',
  mask: NO_MASK,
  flops: () => 0,
  detail: (l) => `axis ${l.axis ?? -1}`,
  infer(layer, inputs, err) {
    const rank = inputs[0].shape.length;
    const k = concatAxisIndex(layer.axis, rank);
    if (k === null) {
      err('axis', `axis must be a whole number from ${-rank} to -1 or 1 to ${rank} for inputs of rank ${rank} (0 is the batch axis; got ${JSON.stringify(layer.axis)})`);
      return null;
    }
    if (inputs.some((x) => x.dtype !== 'float32')) {
      err('inputs', 'Concatenate needs float inputs');
      return null;
    }
    const first = inputs[0].shape;
    for (const x of inputs) {
      if (x.shape.length !== rank || x.shape.some((d, i) => i !== k && d !== first[i])) {
        err('inputs', `Concatenate on axis ${layer.axis ?? -1} needs inputs equal except on that axis, got ${inputs.map((s) => `[${s.shape.join(', ')}]`).join(' and ')}`);
        return null;
      }
    }
    const shape = [...first];
    shape[k] = inputs.reduce((a, x) => a + x.shape[k], 0);
    return { shape, dtype: 'float32' };
  },
  params: () => [],
  forward(e, n) {
    const y = e.value(n.spec.id);
    slabs(n, e.batch).forEach((s, i) => concatForward(e, { ...s, x: e.value(n.inputs[i].id), y }));
  },
  backward(e, n) {
    const dy = e.outputGrad(n.spec.id);
    slabs(n, e.batch).forEach((s, i) => {
      const dx = e.inputGrad(n, i);
      if (dx) concatBackward(e, { ...s, dy, dx: dx.buffer, accumulate: dx.accumulate });
    });
  },
  reference(layer, n, xs, _params, batch) {
    return concatRef(xs, n.inputs.map((x) => x.shape), concatAxisIndex(layer.axis, n.shape.length)!, batch);
  },
};
