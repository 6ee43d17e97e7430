/**
 * Dropout(rate): while training, each element is kept with probability 1 - rate and scaled by
 * 1 / (1 - rate); in evaluation it is the identity. One dispatch forward (dropout_forward: the
 * masked scale when training, a plain copy in evaluation or when rate == 0) and one backward
 * (dropout_backward, training only). The mask is never stored: both passes rebuild it from a
 * hash of (Step.seed, element index, per-layer salt), see src/kernels/dropout/dropout.wgsl.
 *
 * The float64 reference is the evaluation-mode identity: whole-model gradient checks that go
 * through a Dropout with rate > 0 in training mode need the mask (reference/dropout.ts).
 */
import { size, type Emitter, type ErrorSink, type LayerDef, type NodeView, type TensorType } from './layer';
import type { DropoutLayer } from '../spec';
import { perOutput } from './layer-meta';
import { dropoutSalt } from '../reference/dropout';
import { dropoutBackward, dropoutForward, type DropoutRun } from '../../kernels/dropout/dropout';

/** A dropout rate: a number from 0 up to (not including) 1 (Dropout, SpatialDropout1D/2D). */
export function validRate(r: unknown, err: ErrorSink): boolean {
  if (typeof r !== 'number' || !Number.isFinite(r) || r < 0 || r >= 1) {
    err('rate', `rate must be a number from 0 up to (not including) 1 (got ${JSON.stringify(r)})`);
    return false;
  }
  return true;
}

/** The input of a training-only random layer: floats, of `rank` dims when given (null: any). */
export function floatInput(type: string, x: TensorType, rank: number | null, err: ErrorSink): TensorType | null {
  if (x.dtype !== 'float32') {
    err('inputs', `${type} needs float inputs; token ids need an Embedding first`);
    return null;
  }
  if (rank !== null && x.shape.length !== rank) {
    err('inputs', `${type} expects ${rank === 2 ? 'a sequence [T, channels]' : 'an image [height, width, channels]'}, got [${x.shape.join(', ')}]`);
    return null;
  }
  return { shape: [...x.shape], dtype: 'float32' };
}

/** The mask is drawn in training schedules only (evaluation: a plain copy). */
function run(e: Emitter, n: NodeView<DropoutLayer>): DropoutRun {
  const rate = n.spec.rate;
  return { step: e.stepUniform, elements: e.batch * size(n.shape), dropout: e.mode === 'train' && rate > 0 ? { rate, salt: dropoutSalt(n.spec.id) } : null };
}

export const dropout: LayerDef<DropoutLayer> = {
  type: 'Dropout',
  arity: [1, 1],
  summary: 'While training, zeroes a random fraction `rate` of values and scales the rest up; does nothing in evaluation',
  fields: [{ key: 'rate', label: 'Rate', kind: 'number', min: 0, max: 1, maxExclusive: true, help: 'Fraction of values zeroed while training' }],
  initial: { rate: 0.2 },
  activation: 'none',
  mask: { passes: () => ['recurrent', 'attention'] },
  flops: perOutput,
  detail: (l) => `rate ${l.rate}`,
  infer(layer, [x], err) {
    return validRate(layer.rate, err) ? floatInput('Dropout', x, null, err) : null;
  },
  params: () => [],
  forward(e, n) {
    dropoutForward(e, { ...run(e, n), x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    dropoutBackward(e, { ...run(e, n), dy: e.outputGrad(n.spec.id), dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference: (_layer, _n, [x]) => x.slice(),
};
