/**
 * Keras 3 `.keras` export: a zip (stored, like Keras's own) of metadata.json, config.json (the
 * Functional graph, keras-config.ts) and model.weights.h5 (keras 3.15's HDF5 layout,
 * weights-h5.ts), which `keras.saving.load_model` loads. Weights keep the engine layout, which is
 * Keras's. Feature / target scaling travels as Normalization layers (keras-preprocessing.ts), so
 * the loaded model takes raw rows and gives raw targets. compile_config holds the loss, optimizer
 * and metrics (training-config.ts), so the loaded model can fit and evaluate without compile(). fflate writes the zip: small, dependency-free, synchronous and browser-ready.
 * A text model's tokenizer.json (model-labels.ts) rides in the zip beside config.json, and a
 * classifier's class names in metadata.json's "class_names" (load_model reads neither; zipfile does),
 * so model.keras stays one file.
 */
import { zipSync } from 'fflate';
import { buildGraph } from '../../engine/graph';
import type { ExportFile, TrainedModel } from '../trained-model';
import { exportPreprocessing } from '../preprocessing';
import { kerasModelConfig, kerasOps } from './keras-config';
import { kerasWeightsH5 } from './weights-h5';
import { kerasCompileConfig, kerasFloatLearningRate, kerasRefusal } from '../training-config';
import { exportClassNames, labelFiles } from '../model-labels';

export const KERAS_FILE = 'model.keras';
export const KERAS_VERSION = '3.15.1';

function savedDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}@${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export async function exportKeras(model: TrainedModel): Promise<ExportFile[]> {
  const graph = buildGraph(model.spec);
  const ops = kerasOps(graph, exportPreprocessing(model));
  const name = (model.spec.name ?? 'functional').replace(/[^A-Za-z0-9_.-]/g, '_');
  // The loss, optimizer and metrics as Keras's compile() records them: the loaded model fits and evaluates without compiling.
  const config = { ...kerasModelConfig(graph, ops, name), compile_config: kerasCompileConfig(model.spec) };
  const refused = kerasRefusal(model.spec); // then compile_config is null and metadata.json says why
  const weights = await kerasWeightsH5(model, ops, name);
  const enc = new TextEncoder();
  const labels = labelFiles(model);
  const classNames = exportClassNames(model);
  const zip = zipSync(
    {
      'metadata.json': enc.encode(JSON.stringify({ keras_version: KERAS_VERSION, date_saved: savedDate(new Date()), ...(classNames ? { class_names: classNames } : {}), ...(refused ? { compile_config_refused: refused } : {}) })),
      'config.json': enc.encode(kerasFloatLearningRate(JSON.stringify(config))),
      'model.weights.h5': weights,
      ...Object.fromEntries(labels.map((f) => [f.name, f.data])),
    },
    { level: 0 },
  );
  return [{ name: KERAS_FILE, data: zip }];
}
