/**
 * Dropout(rate): while training, each element is kept with probability 1 - rate and scaled by
 * 1 / (1 - rate); in evaluation it is the identity. One dispatch forward (dropout_forward: the
 * masked scale when training, a plain copy in evaluation or when rate == 0) and one backward
 * (dropout_backward, training only). The mask is never stored: both passes rebuild it from a
 * hash of (Step.seed, element index, per-layer salt), see shaders/dropout.wgsl.
 *
 * The float64 reference is the evaluation-mode identity: whole-model gradient checks that go
 * through a Dropout with rate > 0 in training mode need the mask (reference/dropout.ts).
 */
import { size, type Emitter, type LayerDef, type NodeView } from './layer';
import type { Constants } from '../../gpu/pipelines';
import type { DropoutLayer } from '../spec';
import { dropoutSalt, dropoutScale, dropoutThreshold } from '../reference/dropout';

const WG = 64;
const PER = 4;
const MAX_WG = 65535;

function grid(items: number): [number, number] {
  const n = Math.max(1, Math.ceil(Math.ceil(items / PER) / WG));
  return n <= MAX_WG ? [n, 1] : [MAX_WG, Math.ceil(n / MAX_WG)];
}

function plan(e: Emitter, n: NodeView<DropoutLayer>): { v4: boolean; constants: Constants; wg: [number, number] } {
  const E = e.batch * size(n.shape);
  const v4 = E % 4 === 0;
  const rate = n.spec.rate;
  const train = e.mode === 'train' && rate > 0;
  const constants: Constants = train ? { E, TRAIN: true, THRESH: dropoutThreshold(rate), SCALE: dropoutScale(rate), SALT: dropoutSalt(n.spec.id) } : { E, TRAIN: false };
  return { v4, constants, wg: grid(v4 ? E / 4 : E) };
}

export const dropout: LayerDef<DropoutLayer> = {
  type: 'Dropout',
  arity: [1, 1],
  summary: 'While training, zeroes a random fraction `rate` of values and scales the rest up; does nothing in evaluation',
  infer(layer, [x], err) {
    const r = layer.rate;
    if (typeof r !== 'number' || !Number.isFinite(r) || r < 0 || r >= 1) {
      err('rate', `rate must be a number from 0 up to (not including) 1 (got ${JSON.stringify(r)})`);
      return null;
    }
    if (x.dtype !== 'float32') {
      err('inputs', 'Dropout needs float inputs; token ids need an Embedding first');
      return null;
    }
    return { shape: [...x.shape], dtype: 'float32' };
  },
  params: () => [],
  forward(e, n) {
    const { v4, constants, wg } = plan(e, n);
    e.dispatch(v4 ? 'dropout_forward_vec4' : 'dropout_forward', constants, [e.stepUniform, e.value(n.inputs[0].id), e.value(n.spec.id)], wg);
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    const { v4, constants, wg } = plan(e, n);
    e.dispatch(v4 ? 'dropout_backward_vec4' : 'dropout_backward', { ...constants, ACCUMULATE: dx.accumulate }, [e.stepUniform, e.outputGrad(n.spec.id), dx.buffer], wg);
  },
  reference: (_layer, _n, [x]) => x.slice(),
};
