/**
 * The tfjs side of the Transformer training case (transformer-sentiment/b32): the preset's layer
 * graph as tf ops over tf.variables, trained with a custom step (optimizer.minimize, i.e.
 * tf.variableGrads + applyGradients, what LayersModel's train function does too).
 *
 * Why not tf.layers: tfjs 4.22 does not export MultiHeadAttention or PositionEmbedding from
 * @tensorflow/tfjs (they sit under tfjs-layers/dist/layers/nlp/), and its MultiHeadAttention is
 * built on tf.einsum, which has no registered gradient in tfjs-core 4.22, so it cannot train.
 *
 * Layers (Keras semantics, the same parameters as our engine's layout; the page checks the count):
 *   Embedding (gather; maskZero gives a [N, T] mask, 1 where id != 0), PositionEmbedding (x + P[T, D]),
 *   MultiHeadAttention (self-attention: Q/K/V projections with bias, reshape + transpose to
 *   [N, H, T, dk], matMul(q, k, false, true)/√dk + key-padding adder (1 - mask)·-1e9, softmax,
 *   matMul with v, transpose back, output projection), Add, LayerNormalization (tf.moments over the
 *   last axis, eps from the spec or 1e-3), Dense (on [N, T, D] as a 2-D matMul, bias, activation;
 *   gelu exact as tfjs-layers' 'gelu': x·½(1 + erf(x/√2))), GlobalAveragePooling1D (masked mean
 *   over time, as Keras with a mask), Dense(classes, softmax) and Keras's sparse categorical
 *   cross-entropy on probabilities (clip to [1e-7, 1 - 1e-7], mean of -log p[label]).
 * Initialisers: glorot-uniform kernels, zero biases, ones/zeros for LayerNorm, uniform ±0.05
 * tables (the speed does not depend on them).
 * No imports at run time: the caller passes the tfjs module it loaded.
 */
import type * as TF from '@tensorflow/tfjs';
import type { LayerSpec, ModelSpec } from '../src/engine/spec';

export interface TfjsGraphModel {
  /** One training step on a batch (int32 ids [B, T], float labels [B, 1]); returns the loss (caller disposes). */
  step: (x: TF.Tensor, y: TF.Tensor) => TF.Scalar;
  paramCount: number;
  variables: TF.Variable[];
  dispose: () => void;
}

type Shape = number[];

/** The layer types this graph builder knows; any other type throws (the generic chain builder in page.ts handles the rest). */
export const TFJS_GRAPH_TYPES = new Set(['Input', 'Embedding', 'PositionEmbedding', 'MultiHeadAttention', 'Add', 'LayerNormalization', 'Dense', 'GlobalAveragePooling1D']);

export function buildTfjsGraphModel(tf: typeof TF, spec: ModelSpec, optimizer: TF.Optimizer): TfjsGraphModel {
  const vars: TF.Variable[] = [];
  const glorot = (shape: [number, number], name: string) => {
    const lim = Math.sqrt(6 / (shape[0] + shape[1]));
    const v = tf.variable(tf.randomUniform(shape, -lim, lim, 'float32', vars.length + 1), true, `${name}_${vars.length}`);
    vars.push(v);
    return v;
  };
  const fill = (shape: Shape, value: number | 'table', name: string) => {
    const t = value === 'table' ? tf.randomUniform(shape, -0.05, 0.05, 'float32', vars.length + 1) : tf.fill(shape, value);
    const v = tf.variable(t, true, `${name}_${vars.length}`);
    vars.push(v);
    return v;
  };

  // Build pass: shapes (per sample) and variables, one closure per layer.
  type Ctx = { mask: TF.Tensor | null; batch: number };
  type Apply = (inputs: TF.Tensor[], ctx: Ctx) => TF.Tensor;
  const shapes = new Map<string, Shape>();
  const applies: { l: LayerSpec; apply: Apply }[] = [];
  let maskZero = false;
  let inputId = '';

  const dense2d = (x: TF.Tensor, w: TF.Variable, b: TF.Variable | null, act: string): TF.Tensor => {
    const shape = x.shape;
    const K = shape[shape.length - 1];
    let y = tf.matMul(tf.reshape(x, [-1, K]), w);
    if (b) y = tf.add(y, b);
    y = activation(tf, y, act);
    return tf.reshape(y, [...shape.slice(0, -1), w.shape[1] as number]);
  };

  for (const l of spec.layers) {
    const ins = (l.inputs ?? []).map((id) => {
      const s = shapes.get(id);
      if (!s) throw new Error(`bench: layer ${l.id} reads ${id} before it is built`);
      return s;
    });
    switch (l.type) {
      case 'Input':
        if (l.dtype !== 'int32') throw new Error('bench: the tfjs graph model expects int32 token ids');
        inputId = l.id;
        shapes.set(l.id, [...l.shape]);
        applies.push({ l, apply: () => null as unknown as TF.Tensor });
        break;
      case 'Embedding': {
        const table = fill([l.inputDim, l.outputDim], 'table', l.id);
        if (l.maskZero) maskZero = true;
        shapes.set(l.id, [...ins[0], l.outputDim]);
        applies.push({ l, apply: ([ids]) => tf.gather(table, ids) });
        break;
      }
      case 'PositionEmbedding': {
        if ((l.mode ?? 'learned') !== 'learned') throw new Error('bench: sinusoidal PositionEmbedding has no tfjs mapping here');
        const [T, D] = ins[0];
        const table = fill([T, D], 'table', l.id);
        shapes.set(l.id, [T, D]);
        applies.push({ l, apply: ([x]) => tf.add(x, table) });
        break;
      }
      case 'MultiHeadAttention': {
        if (ins.length !== 1) throw new Error('bench: the tfjs graph model does self-attention only');
        if (l.causal || (l.dropout ?? 0) > 0) throw new Error('bench: causal or dropout attention has no tfjs mapping here');
        const [T, D] = ins[0];
        const H = l.numHeads;
        const dk = l.keyDim ?? D / H;
        const bias = l.useBias !== false;
        const proj = (name: string, k: number, n: number) => ({ w: glorot([k, n], `${l.id}_${name}`), b: bias ? fill([n], 0, `${l.id}_${name}_b`) : null });
        const pq = proj('query', D, H * dk);
        const pk = proj('key', D, H * dk);
        const pv = proj('value', D, H * dk);
        const po = proj('output', H * dk, D);
        const scale = 1 / Math.sqrt(dk);
        shapes.set(l.id, [T, D]);
        applies.push({
          l,
          apply: ([x], ctx) => {
            const heads = (p: { w: TF.Variable; b: TF.Variable | null }) => tf.transpose(tf.reshape(dense2d(x, p.w, p.b, 'linear'), [ctx.batch, T, H, dk]), [0, 2, 1, 3]);
            let s = tf.mul(tf.matMul(heads(pq), heads(pk), false, true), scale);
            // Keras's key-padding mask: an adder of -1e9 on padded keys ([N, 1, 1, T]).
            if (ctx.mask) s = tf.add(s, tf.reshape(tf.mul(tf.sub(1, ctx.mask), -1e9), [ctx.batch, 1, 1, T]));
            const o = tf.matMul(tf.softmax(s), heads(pv));
            return dense2d(tf.reshape(tf.transpose(o, [0, 2, 1, 3]), [ctx.batch, T, H * dk]), po.w, po.b, 'linear');
          },
        });
        break;
      }
      case 'Add':
        shapes.set(l.id, [...ins[0]]);
        applies.push({ l, apply: (xs) => xs.reduce((a, b) => tf.add(a, b)) });
        break;
      case 'LayerNormalization': {
        const C = ins[0][ins[0].length - 1];
        const gamma = fill([C], 1, `${l.id}_gamma`);
        const beta = fill([C], 0, `${l.id}_beta`);
        const eps = l.epsilon ?? 1e-3;
        shapes.set(l.id, [...ins[0]]);
        applies.push({
          l,
          apply: ([x]) => {
            const { mean, variance } = tf.moments(x, -1, true);
            return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);
          },
        });
        break;
      }
      case 'Dense': {
        const K = ins[0][ins[0].length - 1];
        const w = glorot([K, l.units], l.id);
        const b = l.useBias !== false ? fill([l.units], 0, `${l.id}_b`) : null;
        const act = l.activation ?? 'linear';
        shapes.set(l.id, [...ins[0].slice(0, -1), l.units]);
        applies.push({ l, apply: ([x]) => dense2d(x, w, b, act) });
        break;
      }
      case 'GlobalAveragePooling1D': {
        const [T, D] = ins[0];
        shapes.set(l.id, [D]);
        applies.push({
          l,
          apply: ([x], ctx) => {
            if (!ctx.mask) return tf.mean(x, 1);
            const m = tf.reshape(ctx.mask, [ctx.batch, T, 1]);
            return tf.div(tf.sum(tf.mul(x, m), 1), tf.sum(m, 1));
          },
        });
        break;
      }
      default:
        throw new Error(`bench: layer type ${l.type} has no mapping in the tfjs graph model`);
    }
  }
  const last = spec.layers[spec.layers.length - 1];
  if (last.type !== 'Dense' || last.activation !== 'softmax' || spec.loss !== 'sparse_categorical_crossentropy') {
    throw new Error('bench: the tfjs graph model expects Dense(softmax) + sparse categorical cross-entropy');
  }
  const classes = last.units;

  const forward = (ids: TF.Tensor): TF.Tensor => {
    const batch = ids.shape[0];
    // The [N, T] float mask (1 = token, 0 = padding) as sign(float(ids)): tfjs-webgpu 4.22's
    // cast(bool -> float32) relabels the i32 buffer without converting it, and a later transpose
    // (inside sum over axis 1) then fails to compile and the loss turns NaN.
    const ctx: Ctx = { mask: maskZero ? tf.sign(tf.cast(ids, 'float32')) : null, batch };
    const values = new Map<string, TF.Tensor>();
    for (const { l, apply } of applies) {
      values.set(l.id, l.id === inputId ? ids : apply((l.inputs ?? []).map((id) => values.get(id)!), ctx));
    }
    return values.get(spec.output)!;
  };
  const lossFn = (x: TF.Tensor, y: TF.Tensor): TF.Scalar => {
    const probs = tf.clipByValue(forward(x), 1e-7, 1 - 1e-7);
    const target = tf.oneHot(tf.cast(tf.reshape(y, [-1]), 'int32'), classes);
    return tf.mean(tf.neg(tf.sum(tf.mul(target, tf.log(probs)), -1)));
  };
  return {
    step: (x, y) => optimizer.minimize(() => lossFn(x, y), true, vars) as TF.Scalar,
    paramCount: vars.reduce((a, v) => a + v.size, 0),
    variables: vars,
    dispose: () => {
      for (const v of vars) v.dispose();
      optimizer.dispose();
    },
  };
}

function activation(tf: typeof TF, y: TF.Tensor, act: string): TF.Tensor {
  switch (act) {
    case 'linear':
      return y;
    case 'relu':
      return tf.relu(y);
    case 'sigmoid':
      return tf.sigmoid(y);
    case 'tanh':
      return tf.tanh(y);
    case 'softmax':
      return tf.softmax(y);
    case 'gelu':
      // tfjs-layers' 'gelu' (exact): x · ½(1 + erf(x/√2)).
      return tf.mul(y, tf.mul(0.5, tf.add(1, tf.erf(tf.div(y, Math.SQRT2)))));
    default:
      throw new Error(`bench: activation ${act} has no tfjs mapping`);
  }
}
