/**
 * The kernel registry, the only importer of the WGSL files under src/kernels/. A kernel id is
 * `<op>_<pass>`, the WGSL entry point of the same name, found in its family's shader module: the
 * family's files concatenated in order, followed by the prelude parts (prelude/*.wgsl) that those
 * files name in a `// #include step rng ...` line (WGSL declarations may come in any order, so the
 * kernel files keep their own line numbers). KernelId is derived from the registry, so a misspelt
 * kernel fails to compile.
 */
import activation_activation from './activation/activation.wgsl?raw';
import attention_attention from './attention/attention.wgsl?raw';
import attention_attention_composed from './attention/attention_composed.wgsl?raw';
import attention_attention_r4 from './attention/attention_r4.wgsl?raw';
import bidirectional_bidirectional from './bidirectional/bidirectional.wgsl?raw';
import conv2d_conv2d from './conv2d/conv2d.wgsl?raw';
import conv2d_conv2d_weight from './conv2d/conv2d_weight.wgsl?raw';
import conv2d_conv2d_input from './conv2d/conv2d_input.wgsl?raw';
import dense_dense from './dense/dense.wgsl?raw';
import dense_dense_tiled from './dense/dense_tiled.wgsl?raw';
import dense_dense_blocked from './dense/dense_blocked.wgsl?raw';
import dequantize_dequantize from './dequantize/dequantize.wgsl?raw';
import dropout_dropout from './dropout/dropout.wgsl?raw';
import elementwise_elementwise from './elementwise/elementwise.wgsl?raw';
import embedding_embedding from './embedding/embedding.wgsl?raw';
import finite_finite from './finite/finite.wgsl?raw';
import gather_gather from './gather/gather.wgsl?raw';
import concat_concat from './concat/concat.wgsl?raw';
import pad2d_zero_pad2d from './pad2d/zero_pad2d.wgsl?raw';
import upsample2d_upsample2d from './upsample2d/upsample2d.wgsl?raw';
import gelu_gelu from './gelu/gelu.wgsl?raw';
import layernorm_layernorm from './layernorm/layernorm.wgsl?raw';
import batchnorm_batchnorm from './batchnorm/batchnorm.wgsl?raw';
import loss_loss from './loss/loss.wgsl?raw';
import loss_loss_direct from './loss/loss_direct.wgsl?raw';
import optimizer_optimizer from './optimizer/optimizer.wgsl?raw';
import pool1d_pool1d from './pool1d/pool1d.wgsl?raw';
import pool1d_global_maxpool from './pool1d/global_maxpool.wgsl?raw';
import noise_noise from './noise/noise.wgsl?raw';
import prelu_prelu from './prelu/prelu.wgsl?raw';
import pool2d_avgpool2d from './pool2d/avgpool2d.wgsl?raw';
import pool2d_pool2d from './pool2d/pool2d.wgsl?raw';
import position_embedding_position_embedding from './position_embedding/position_embedding.wgsl?raw';
import recurrent_recurrent from './recurrent/recurrent.wgsl?raw';
import recurrent_recurrent_vec4 from './recurrent/recurrent_vec4.wgsl?raw';
import stats_stats from './stats/stats.wgsl?raw';
import mlp_mlp_steps from './mlp/mlp_steps.wgsl?raw';
import prelude_step from './prelude/step.wgsl?raw';
import prelude_rng from './prelude/rng.wgsl?raw';
import prelude_activations from './prelude/activations.wgsl?raw';
import prelude_activations_code from './prelude/activations_code.wgsl?raw';
import prelude_index from './prelude/index.wgsl?raw';
import prelude_optimizer_rule from './prelude/optimizer_rule.wgsl?raw';
import prelude_batch_row from './prelude/batch_row.wgsl?raw';

/** Shared WGSL, prepended by name: `// #include <name> ...` in a kernel file. */
const PRELUDE = {
  step: prelude_step,
  rng: prelude_rng,
  activations: prelude_activations,
  activations_code: prelude_activations_code,
  index: prelude_index,
  optimizer_rule: prelude_optimizer_rule,
  batch_row: prelude_batch_row,
} as const;

export type PreludePart = keyof typeof PRELUDE;

/** Prelude parts that use another part's functions. */
const PRELUDE_NEEDS: Partial<Record<PreludePart, PreludePart[]>> = { activations: ['activations_code'] };

/** Each family's WGSL files (paths under src/kernels/), concatenated in this order. */
const FAMILIES = {
  activation: [['activation/activation.wgsl', activation_activation]],
  attention: [['attention/attention.wgsl', attention_attention], ['attention/attention_r4.wgsl', attention_attention_r4]],
  attention_composed: [['attention/attention_composed.wgsl', attention_attention_composed]],
  gelu: [['gelu/gelu.wgsl', gelu_gelu]],
  layernorm: [['layernorm/layernorm.wgsl', layernorm_layernorm]],
  batchnorm: [['batchnorm/batchnorm.wgsl', batchnorm_batchnorm]],
  pool1d: [['pool1d/pool1d.wgsl', pool1d_pool1d]],
  global_maxpool: [['pool1d/global_maxpool.wgsl', pool1d_global_maxpool]],
  noise: [['noise/noise.wgsl', noise_noise]],
  prelu: [['prelu/prelu.wgsl', prelu_prelu]],
  position_embedding: [['position_embedding/position_embedding.wgsl', position_embedding_position_embedding]],
  bidirectional: [['bidirectional/bidirectional.wgsl', bidirectional_bidirectional]],
  conv2d: [['conv2d/conv2d.wgsl', conv2d_conv2d], ['conv2d/conv2d_weight.wgsl', conv2d_conv2d_weight], ['conv2d/conv2d_input.wgsl', conv2d_conv2d_input]],
  dense: [['dense/dense.wgsl', dense_dense], ['dense/dense_tiled.wgsl', dense_dense_tiled], ['dense/dense_blocked.wgsl', dense_dense_blocked]],
  dequantize: [['dequantize/dequantize.wgsl', dequantize_dequantize]],
  dropout: [['dropout/dropout.wgsl', dropout_dropout]],
  elementwise: [['elementwise/elementwise.wgsl', elementwise_elementwise]],
  embedding: [['embedding/embedding.wgsl', embedding_embedding]],
  finite: [['finite/finite.wgsl', finite_finite]],
  gather: [['gather/gather.wgsl', gather_gather]],
  concat: [['concat/concat.wgsl', concat_concat]],
  pad2d: [['pad2d/zero_pad2d.wgsl', pad2d_zero_pad2d]],
  upsample2d: [['upsample2d/upsample2d.wgsl', upsample2d_upsample2d]],
  loss: [['loss/loss.wgsl', loss_loss], ['loss/loss_direct.wgsl', loss_loss_direct]],
  optimizer: [['optimizer/optimizer.wgsl', optimizer_optimizer]],
  pool2d: [['pool2d/pool2d.wgsl', pool2d_pool2d], ['pool2d/avgpool2d.wgsl', pool2d_avgpool2d]],
  recurrent: [['recurrent/recurrent.wgsl', recurrent_recurrent], ['recurrent/recurrent_vec4.wgsl', recurrent_recurrent_vec4]],
  stats: [['stats/stats.wgsl', stats_stats]],
  mlp: [['mlp/mlp_steps.wgsl', mlp_mlp_steps]],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

export type KernelFamily = keyof typeof FAMILIES;

export const KERNELS = {
  dense_forward: 'dense',
  dense_backward_input: 'dense',
  dense_backward_weight: 'dense',
  dense_forward_vec4: 'dense',
  dense_backward_input_vec4: 'dense',
  dense_backward_input_vec4_8x8: 'dense',
  dense_backward_weight_vec4_8x8: 'dense',
  dense_backward_weight_vec4: 'dense',
  dense_forward_tiled: 'dense',
  dense_backward_input_tiled: 'dense',
  dense_backward_weight_tiled: 'dense',
  dense_forward_blocked: 'dense',
  dense_backward_input_blocked: 'dense',
  dense_backward_weight_blocked: 'dense',
  activation_forward: 'activation',
  activation_backward: 'activation',
  softmax_forward: 'activation',
  softmax_backward: 'activation',
  add_forward: 'elementwise',
  copy_backward: 'elementwise',
  mul_forward: 'elementwise',
  mul_backward: 'elementwise',
  concat_forward: 'concat',
  concat_backward: 'concat',
  zero_pad2d_forward: 'pad2d',
  zero_pad2d_backward: 'pad2d',
  upsample2d_forward: 'upsample2d',
  upsample2d_backward: 'upsample2d',
  gather_batch: 'gather',
  gather_batch_vec4: 'gather',
  loss_softmax_xent_sparse: 'loss',
  loss_softmax_xent_onehot: 'loss',
  loss_sigmoid_bce: 'loss',
  loss_mse: 'loss',
  loss_mae: 'loss',
  loss_huber: 'loss',
  loss_log_cosh: 'loss',
  loss_hinge: 'loss',
  loss_squared_hinge: 'loss',
  loss_poisson: 'loss',
  loss_kl_divergence: 'loss',
  loss_cosine_similarity: 'loss',
  optimizer_update: 'optimizer',
  optimizer_global_norm: 'optimizer',
  // conv2d family
  conv2d_forward: 'conv2d',
  conv2d_backward_input: 'conv2d',
  conv2d_backward_weight: 'conv2d',
  conv2d_backward_weight_reduce: 'conv2d',
  conv2d_backward_dz: 'conv2d',
  // end conv2d family
  // pool2d family
  maxpool2d_forward: 'pool2d',
  maxpool2d_backward: 'pool2d',
  avgpool2d_forward: 'pool2d',
  avgpool2d_backward: 'pool2d',
  global_avgpool2d_forward: 'pool2d',
  global_avgpool2d_backward: 'pool2d',
  maxpool2d_forward_vec4: 'pool2d',
  maxpool2d_backward_vec4: 'pool2d',
  avgpool2d_forward_vec4: 'pool2d',
  avgpool2d_backward_vec4: 'pool2d',
  global_avgpool2d_forward_vec4: 'pool2d',
  global_avgpool2d_backward_vec4: 'pool2d',
  // end pool2d family
  // dropout family
  dropout_forward: 'dropout',
  dropout_backward: 'dropout',
  dropout_forward_vec4: 'dropout',
  dropout_backward_vec4: 'dropout',
  // end dropout family
  // recurrent family
  embedding_forward: 'embedding',
  embedding_backward: 'embedding',
  simple_rnn_step_forward: 'recurrent',
  lstm_step_forward: 'recurrent',
  gru_step_forward: 'recurrent',
  simple_rnn_step_backward: 'recurrent',
  lstm_step_backward: 'recurrent',
  gru_step_backward: 'recurrent',
  simple_rnn_step_forward_vec4: 'recurrent',
  lstm_step_forward_vec4: 'recurrent',
  gru_step_forward_vec4: 'recurrent',
  simple_rnn_step_backward_vec4: 'recurrent',
  lstm_step_backward_vec4: 'recurrent',
  gru_step_backward_vec4: 'recurrent',
  // end recurrent family
  // bidirectional family
  bidirectional_merge_forward: 'bidirectional',
  bidirectional_merge_backward: 'bidirectional',
  // end bidirectional family
  // attention family
  attention_forward: 'attention',
  attention_backward_prep: 'attention',
  attention_backward_dq: 'attention',
  attention_backward_dkdv: 'attention',
  attention_forward_r4: 'attention',
  attention_backward_dq_r4: 'attention',
  attention_backward_dkdv_r4: 'attention',
  attention_composed_scores: 'attention_composed',
  attention_composed_context: 'attention_composed',
  gelu_forward: 'gelu',
  gelu_backward: 'gelu',
  layernorm_forward: 'layernorm',
  layernorm_backward_input: 'layernorm',
  layernorm_backward_params: 'layernorm',
  batchnorm_moments_partial: 'batchnorm',
  batchnorm_moments_finalize: 'batchnorm',
  batchnorm_moving_stats: 'batchnorm',
  batchnorm_apply: 'batchnorm',
  batchnorm_backward_partial: 'batchnorm',
  batchnorm_backward_finalize: 'batchnorm',
  batchnorm_backward_input: 'batchnorm',
  position_embedding_forward: 'position_embedding',
  position_embedding_backward: 'position_embedding',
  global_avgpool1d_forward: 'pool1d',
  global_avgpool1d_backward: 'pool1d',
  // end attention family
  // dequantize family
  dequantize_int8: 'dequantize',
  // end dequantize family
  finite_scan: 'finite',
  stats_reduce: 'stats',
  stats_histogram: 'stats',
  stats_units: 'stats',
  stats_update: 'stats',
  global_maxpool_forward: 'global_maxpool',
  global_maxpool_backward: 'global_maxpool',
  spatial_dropout_forward: 'noise',
  spatial_dropout_backward: 'noise',
  gaussian_noise_forward: 'noise',
  prelu_forward: 'prelu',
  prelu_backward_input: 'prelu',
  prelu_backward_alpha: 'prelu',
  mlp_steps: 'mlp',
} as const satisfies Record<string, KernelFamily>;

export type KernelId = keyof typeof KERNELS;

export interface KernelSource {
  /** The family's label: its first file's path (for messages). */
  file: string;
  /** The whole shader module: the family's files, then its prelude parts. */
  code: string;
  /** `path:line` of a 1-based line of `code`. */
  locate(line: number): string;
}

const INCLUDE = /^\/\/ #include ((?:[a-z_]+ ?)+)$/gm;

/** The prelude parts a family's files name, in PRELUDE order; an unknown name throws. */
export function familyIncludes(family: KernelFamily): PreludePart[] {
  const named = new Set<string>();
  for (const [, text] of FAMILIES[family]) {
    for (const m of text.matchAll(INCLUDE)) for (const name of m[1].trim().split(' ')) named.add(name);
  }
  for (const name of named) {
    if (!(name in PRELUDE)) throw new Error(`src/kernels/${FAMILIES[family][0][0]}: unknown #include ${name}`);
  }
  // A part that calls into another brings it along.
  for (const [part, needs] of Object.entries(PRELUDE_NEEDS)) if (named.has(part)) for (const n of needs) named.add(n);
  return (Object.keys(PRELUDE) as PreludePart[]).filter((p) => named.has(p));
}

const withNewline = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

const built = new Map<KernelFamily, KernelSource>();

export function familySource(family: KernelFamily): KernelSource {
  let source = built.get(family);
  if (source) return source;
  const parts: [string, string][] = FAMILIES[family].map(([path, text]) => [`src/kernels/${path}`, withNewline(text)]);
  for (const p of familyIncludes(family)) parts.push([`src/kernels/prelude/${p}.wgsl`, withNewline(PRELUDE[p])]);
  const starts: number[] = [];
  let line = 1;
  for (const [, text] of parts) {
    starts.push(line);
    line += text.split('\n').length - 1;
  }
  source = {
    file: parts[0][0],
    code: parts.map(([, text]) => text).join(''),
    locate(at: number): string {
      let i = starts.length - 1;
      while (i > 0 && starts[i] > at) i--;
      return `${parts[i][0]}:${at - starts[i] + 1}`;
    },
  };
  built.set(family, source);
  return source;
}

export function kernelFile(id: KernelId): KernelSource {
  return familySource(KERNELS[id]);
}

/** Every family's files and prelude parts, for tests that scan the WGSL. */
export function kernelFiles(): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const files of Object.values(FAMILIES)) for (const [path, text] of files) out.push({ path: `src/kernels/${path}`, text });
  for (const [name, text] of Object.entries(PRELUDE)) out.push({ path: `src/kernels/prelude/${name}.wgsl`, text });
  return out;
}
