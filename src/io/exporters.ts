/**
 * Every export format by id: what the app's export menu lists and `npm run export --format` takes.
 * Each runs one Exporter (TrainedModel -> ExportFile[]). The PyTorch bundle also needs the
 * training data and settings (BundleContext); the others need only the model. The TF.js, ONNX and
 * Keras exporters are loaded on first use so the app does not carry them (or h5wasm) until then.
 */
import type { BundleContext } from './torch/bundle';
import type { ExportFile, TrainedModel } from './trained-model';

export const EXPORT_FORMATS = ['safetensors', 'int8', 'pytorch-bundle', 'tfjs', 'onnx', 'keras'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatInfo {
  id: ExportFormat;
  label: string;
  description: string;
  /** Needs BundleContext (training data and settings). */
  needsTrainingData: boolean;
  run(model: TrainedModel, ctx?: BundleContext): Promise<ExportFile[]>;
}

export const EXPORTERS: Record<ExportFormat, ExportFormatInfo> = {
  safetensors: {
    id: 'safetensors',
    label: 'PyTorch (safetensors + model.py)',
    description: 'F32 weights under PyTorch state_dict names and layouts, and an nn.Module that loads them strictly',
    needsTrainingData: false,
    run: async (m) => (await import('./torch/export-safetensors')).exportSafetensors(m),
  },
  int8: {
    id: 'int8',
    label: 'int8 quantized (safetensors + model.py)',
    description: 'int8 weights per output channel with float32 scales beside them (biases stay float32)',
    needsTrainingData: false,
    run: async (m) => (await import('./int8/export-int8')).exportInt8(m),
  },
  'pytorch-bundle': {
    id: 'pytorch-bundle',
    label: 'Continue in PyTorch (bundle)',
    description: 'model.py, weights, train.py (plain or torchrun/DDP), the training data and a README',
    needsTrainingData: true,
    run: async (m, ctx) => (await import('./torch/bundle')).exportTorchBundle(m, ctx),
  },
  tfjs: {
    id: 'tfjs',
    label: 'TensorFlow.js layers model',
    description: 'model.json and one weights .bin for tf.loadLayersModel',
    needsTrainingData: false,
    run: async (m) => (await import('./tfjs/export-tfjs')).exportTfjs(m),
  },
  onnx: {
    id: 'onnx',
    label: 'ONNX',
    description: 'model.onnx (opset 17) for ONNX Runtime',
    needsTrainingData: false,
    run: async (m) => (await import('./onnx/export-onnx')).exportOnnx(m),
  },
  keras: {
    id: 'keras',
    label: 'Keras 3 (.keras)',
    description: 'a .keras archive for keras.saving.load_model',
    needsTrainingData: false,
    run: async (m) => (await import('./keras/export-keras')).exportKeras(m),
  },
};

export function isExportFormat(id: string): id is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(id);
}
