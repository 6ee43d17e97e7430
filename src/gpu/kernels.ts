/**
 * The kernel registry: the only importer of shaders/. A kernel id is `<op>_<pass>`, the WGSL
 * entry point of the same name, found in the file whose stem is the id's family. KernelId is
 * derived from the registry, so a misspelt kernel fails to compile.
 */
import activation from '../../shaders/activation.wgsl?raw';
import attention from '../../shaders/attention.wgsl?raw';
import attention_composed from '../../shaders/attention_composed.wgsl?raw';
import gelu from '../../shaders/gelu.wgsl?raw';
import layernorm from '../../shaders/layernorm.wgsl?raw';
import pool1d from '../../shaders/pool1d.wgsl?raw';
import position_embedding from '../../shaders/position_embedding.wgsl?raw';
import bidirectional from '../../shaders/bidirectional.wgsl?raw';
import conv2d from '../../shaders/conv2d.wgsl?raw';
import dense from '../../shaders/dense.wgsl?raw';
import dequantize from '../../shaders/dequantize.wgsl?raw';
import dropout from '../../shaders/dropout.wgsl?raw';
import elementwise from '../../shaders/elementwise.wgsl?raw';
import embedding from '../../shaders/embedding.wgsl?raw';
import gather from '../../shaders/gather.wgsl?raw';
import loss from '../../shaders/loss.wgsl?raw';
import optimizer from '../../shaders/optimizer.wgsl?raw';
import pool2d from '../../shaders/pool2d.wgsl?raw';
import recurrent from '../../shaders/recurrent.wgsl?raw';

export const SHADER_FILES = {
  activation,
  attention,
  attention_composed,
  gelu,
  layernorm,
  pool1d,
  position_embedding,
  bidirectional,
  conv2d,
  dense,
  dequantize,
  dropout,
  elementwise,
  embedding,
  gather,
  loss,
  optimizer,
  pool2d,
  recurrent,
} as const;

export type ShaderFile = keyof typeof SHADER_FILES;

export const KERNELS = {
  dense_forward: 'dense',
  dense_backward_input: 'dense',
  dense_backward_weight: 'dense',
  dense_forward_vec4: 'dense',
  dense_backward_input_vec4: 'dense',
  dense_backward_input_vec4_8x8: 'dense',
  dense_backward_weight_vec4_8x8: 'dense',
  dense_backward_weight_vec4: 'dense',
  activation_forward: 'activation',
  activation_backward: 'activation',
  softmax_forward: 'activation',
  softmax_backward: 'activation',
  add_forward: 'elementwise',
  copy_backward: 'elementwise',
  gather_batch: 'gather',
  loss_softmax_xent_sparse: 'loss',
  loss_softmax_xent_onehot: 'loss',
  loss_sigmoid_bce: 'loss',
  loss_mse: 'loss',
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
  position_embedding_forward: 'position_embedding',
  position_embedding_backward: 'position_embedding',
  global_avgpool1d_forward: 'pool1d',
  global_avgpool1d_backward: 'pool1d',
  // end attention family
  // dequantize family
  dequantize_int8: 'dequantize',
  // end dequantize family
} as const satisfies Record<string, ShaderFile>;

export type KernelId = keyof typeof KERNELS;

export function kernelFile(id: KernelId): { file: string; code: string } {
  const stem = KERNELS[id];
  return { file: `shaders/${stem}.wgsl`, code: SHADER_FILES[stem] };
}
