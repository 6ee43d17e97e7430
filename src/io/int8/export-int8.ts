/**
 * The "int8" export: weights-int8.safetensors (I8 weights per output channel with F32 `.scale`
 * beside each, F32 biases) and model.py, whose load_int8_state_dict() dequantizes them for
 * load_state_dict(..., strict=True). Feature / target scaling travels as in the safetensors export
 * (model.py applies it, preprocessing.json and the "preprocessing" metadata document it).
 */
import type { Exporter } from '../trained-model';
import { modelPyFile, preprocessingFiles, preprocessingMetadata } from '../torch/export-safetensors';
import { encodeInt8Safetensors, quantizeModel } from './quantize';

export const INT8_WEIGHTS_FILE = 'weights-int8.safetensors';

export const exportInt8: Exporter = (model) => [
  { name: INT8_WEIGHTS_FILE, data: encodeInt8Safetensors(quantizeModel(model), preprocessingMetadata(model)) },
  modelPyFile(model),
  ...preprocessingFiles(model),
];
