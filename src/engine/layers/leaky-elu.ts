/**
 * The Keras 3 LeakyReLU and ELU layers: thin layers over the activation path (activation.wgsl with
 * ACT leaky_relu / elu and the layer's parameter as the LEAKY_SLOPE / ELU_ALPHA override), one
 * dispatch forward and one backward, the derivative from the output y.
 *   LeakyReLU(negativeSlope = 0.3): y = x > 0 ? x : negativeSlope · x   (negativeSlope >= 0)
 *   ELU(alpha = 1):                  y = x > 0 ? x : alpha · (exp(x) - 1) (alpha > 0)
 */
import { size, type LayerDef, type NodeView } from './layer';
import { KEEPS_ATTENTION_MASK, prod } from './layer-meta';
import { ACT_CODE } from './activation-codes';
import type { ELULayer, LeakyReLULayer } from '../spec';
import { eluRef, leakyReluRef } from '../reference/activations';
import { activationBackward, activationForward, type ActivationParams } from '../../kernels/activation/activation';

export const LEAKY_RELU_DEFAULT_SLOPE = 0.3;
export const ELU_DEFAULT_ALPHA = 1;

type Shape = { shape: number[]; dtype: 'float32' | 'int32' };

function floatInput(type: string, x: Shape, err: (f: string, m: string) => void): Shape | null {
  if (x.dtype !== 'float32') {
    err('inputs', `${type} needs float inputs; token ids need an Embedding first`);
    return null;
  }
  return { shape: [...x.shape], dtype: 'float32' };
}

/** Forward and backward of the elementwise activation `act` with its parameter. */
function elementwise<L extends LeakyReLULayer | ELULayer>(act: 'leaky_relu' | 'elu', params: (l: L) => ActivationParams): Pick<LayerDef<L>, 'forward' | 'backward'> {
  return {
    forward(e, n: NodeView<L>) {
      activationForward(e, { x: e.value(n.inputs[0].id), y: e.value(n.spec.id), elements: e.batch * size(n.shape), act: ACT_CODE[act], ...params(n.spec) });
    },
    backward(e, n: NodeView<L>) {
      const dx = e.inputGrad(n, 0);
      if (!dx) return;
      const E = e.batch * size(n.shape);
      activationBackward(e, { dy: e.outputGrad(n.spec.id), y: e.value(n.spec.id), dx: dx.buffer, elements: E, act: ACT_CODE[act], accumulate: dx.accumulate, ...params(n.spec) });
    },
  };
}

const slopeOf = (l: LeakyReLULayer) => l.negativeSlope ?? LEAKY_RELU_DEFAULT_SLOPE;
const alphaOf = (l: ELULayer) => l.alpha ?? ELU_DEFAULT_ALPHA;

export const leakyReLU: LayerDef<LeakyReLULayer> = {
  type: 'LeakyReLU',
  arity: [1, 1],
  summary: 'Leaky ReLU: keeps positive values, multiplies negative ones by a small slope',
  fields: [{ key: 'negativeSlope', label: 'Negative slope', kind: 'number', min: 0, default: LEAKY_RELU_DEFAULT_SLOPE, optional: true, help: 'Slope for negative inputs (Keras 3 default 0.3)' }],
  initial: {},
  activation: 'none',
  mask: KEEPS_ATTENTION_MASK,
  flops: (_l, _in, out) => 2 * prod(out),
  detail: (l) => `slope ${slopeOf(l)}`,
  infer(layer, [x], err) {
    const s = layer.negativeSlope;
    if (s !== undefined && (typeof s !== 'number' || !Number.isFinite(s) || s < 0)) {
      err('negativeSlope', `negativeSlope must be a number >= 0 (got ${JSON.stringify(s)})`);
      return null;
    }
    return floatInput('LeakyReLU', x, err);
  },
  params: () => [],
  ...elementwise<LeakyReLULayer>('leaky_relu', (l) => ({ leakySlope: slopeOf(l) })),
  reference: (layer, _n, [x]) => leakyReluRef(x, slopeOf(layer)),
};

export const elu: LayerDef<ELULayer> = {
  type: 'ELU',
  arity: [1, 1],
  summary: 'Exponential linear unit: keeps positive values, alpha · (exp(x) - 1) for negative ones',
  fields: [{ key: 'alpha', label: 'Alpha', kind: 'number', min: 0, minExclusive: true, default: ELU_DEFAULT_ALPHA, optional: true, help: 'Value negative inputs saturate to is -alpha' }],
  initial: {},
  activation: 'none',
  mask: KEEPS_ATTENTION_MASK,
  flops: (_l, _in, out) => 3 * prod(out),
  detail: (l) => `alpha ${alphaOf(l)}`,
  infer(layer, [x], err) {
    const a = layer.alpha;
    if (a !== undefined && (typeof a !== 'number' || !Number.isFinite(a) || a <= 0)) {
      err('alpha', `alpha must be a number > 0 (got ${JSON.stringify(a)})`);
      return null;
    }
    return floatInput('ELU', x, err);
  },
  params: () => [],
  ...elementwise<ELULayer>('elu', (l) => ({ eluAlpha: alphaOf(l) })),
  reference: (layer, _n, [x]) => eluRef(x, alphaOf(layer)),
};
