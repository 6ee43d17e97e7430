/**
 * The "int8" export: weights-int8.safetensors (I8 weights per output channel with F32 `.scale`
 * beside each, F32 biases) and model.py, whose load_int8_state_dict() dequantizes them for
 * load_state_dict(..., strict=True).
 */
import type { Exporter } from '../trained-model';
import { generateModelPy } from '../torch/model-py';
import { encodeInt8Safetensors, quantizeModel } from './quantize';

export const INT8_WEIGHTS_FILE = 'weights-int8.safetensors';

export const exportInt8: Exporter = (model) => [
  { name: INT8_WEIGHTS_FILE, data: encodeInt8Safetensors(quantizeModel(model)) },
  { name: 'model.py', data: new TextEncoder().encode(generateModelPy(model.spec)) },
];
