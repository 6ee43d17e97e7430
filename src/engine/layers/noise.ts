/**
 * The random training-only layers beside Dropout (Keras 3 semantics; identity in evaluation):
 *   SpatialDropout1D(rate): [T, C], whole channels of a sample zeroed (one draw per sample and
 *     channel, kept ones scaled by 1 / (1 - rate));
 *   SpatialDropout2D(rate): [H, W, C], whole feature maps of a sample, the same way;
 *   GaussianNoise(stddev): any float shape, x + stddev * N(0, 1) per element.
 * Kernels in src/kernels/noise/ draw from the Step uniform's seed, the element (or sample and
 * channel) index and a per-layer salt as Dropout does, so the backward rebuilds the forward's mask
 * and the same seed gives the same draws (reference/noise.ts holds the same draws in float64).
 * GaussianNoise's backward is the identity (copy_backward). The float64 `reference` is the
 * evaluation identity. A padding mask does not pass through them (NO_MASK).
 */
import { size, type Emitter, type LayerDef, type NodeView } from './layer';
import { floatInput, validRate } from './dropout';
import type { GaussianNoiseLayer, SpatialDropout1DLayer, SpatialDropout2DLayer } from '../spec';
import { NO_MASK, perOutput } from './layer-meta';
import { dropoutSalt } from '../reference/dropout';
import { gaussianNoiseForward, spatialDropoutBackward, spatialDropoutForward, type SpatialDropoutRun } from '../../kernels/noise/noise';
import { copyBackward } from '../../kernels/elementwise/elementwise';

type Spatial = SpatialDropout1DLayer | SpatialDropout2DLayer;

function spatialRun(e: Emitter, n: NodeView<Spatial>): SpatialDropoutRun {
  const shape = n.inputs[0].shape;
  const rate = n.spec.rate;
  return {
    step: e.stepUniform,
    elements: e.batch * size(shape),
    perSample: size(shape),
    channels: shape[shape.length - 1],
    dropout: e.mode === 'train' && rate > 0 ? { rate, salt: dropoutSalt(n.spec.id) } : null,
  };
}

function spatial<L extends Spatial>(type: L['type'], rank: number, what: string): LayerDef<L> {
  return {
    type,
    arity: [1, 1],
    summary: `While training, zeroes whole ${what} at random (fraction \`rate\`) and scales the rest up; does nothing in evaluation`,
    fields: [{ key: 'rate', label: 'Rate', kind: 'number', min: 0, max: 1, maxExclusive: true, help: `Fraction of ${what} zeroed while training` }],
    initial: { rate: 0.2 } as LayerDef<L>['initial'],
    activation: 'none',
    mask: NO_MASK,
    flops: perOutput,
    detail: (l) => `rate ${l.rate}`,
    infer(layer, [x], err) {
      return validRate(layer.rate, err) ? floatInput(type, x, rank, err) : null;
    },
    params: () => [],
    forward(e, n) {
      spatialDropoutForward(e, { ...spatialRun(e, n), x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
    },
    backward(e, n) {
      const dx = e.inputGrad(n, 0);
      if (!dx) return;
      spatialDropoutBackward(e, { ...spatialRun(e, n), dy: e.outputGrad(n.spec.id), dx: dx.buffer, accumulate: dx.accumulate });
    },
    reference: (_layer, _n, [x]) => x.slice(),
  };
}

export const spatialDropout1D = spatial<SpatialDropout1DLayer>('SpatialDropout1D', 2, 'channels');
export const spatialDropout2D = spatial<SpatialDropout2DLayer>('SpatialDropout2D', 3, 'feature maps');

export const gaussianNoise: LayerDef<GaussianNoiseLayer> = {
  type: 'GaussianNoise',
  arity: [1, 1],
  summary: 'While training, adds random normal noise of standard deviation `stddev` to every value; does nothing in evaluation',
  fields: [{ key: 'stddev', label: 'Std. deviation', kind: 'number', min: 0, help: 'Standard deviation of the noise added while training' }],
  initial: { stddev: 0.1 },
  activation: 'none',
  mask: NO_MASK,
  flops: perOutput,
  detail: (l) => `stddev ${l.stddev}`,
  infer(layer, [x], err) {
    const s = layer.stddev;
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
      err('stddev', `stddev must be a number >= 0 (got ${JSON.stringify(s)})`);
      return null;
    }
    return floatInput('GaussianNoise', x, null, err);
  },
  params: () => [],
  forward(e, n) {
    const s = n.spec.stddev;
    const noise = e.mode === 'train' && s > 0 ? { stddev: s, salt: dropoutSalt(n.spec.id) } : null;
    gaussianNoiseForward(e, { step: e.stepUniform, elements: e.batch * size(n.shape), noise, x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    copyBackward(e, { dy: e.outputGrad(n.spec.id), dx: dx.buffer, elements: e.batch * size(n.shape), accumulate: dx.accumulate });
  },
  reference: (_layer, _n, [x]) => x.slice(),
};
