/**
 * The "safetensors" export: F32 weights under PyTorch state_dict names and layouts, plus the
 * generated model.py that loads them with load_state_dict(..., strict=True). With feature / target
 * scaling (TrainedModel.preprocessing) the state_dict stays the same; model.py applies the scaling
 * in forward() (so it takes raw rows), preprocessing.json documents it beside the weights, and the
 * safetensors `__metadata__` carries the same JSON under "preprocessing". A text model's
 * tokenizer.json (or a classifier's classes.json) goes beside the weights and into the metadata
 * ("tokenizer", "class_names"; model-labels.ts), and model.py gets encode() / predict_text().
 */
import { encodeSafetensors } from '../safetensors';
import { modelStateDict } from '../state-dict';
import { exportPreprocessing, PREPROCESSING_FILE, PREPROCESSING_KEY, preprocessingDocument, preprocessingJson } from '../preprocessing';
import type { ExportFile, Exporter, TrainedModel } from '../trained-model';
import { generateModelPy } from './model-py';
import { exportTokenizer, labelFiles, labelMetadata } from '../model-labels';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Safetensors metadata of the model's scaling, tokenizer and class names ({} without them). */
export function preprocessingMetadata(model: TrainedModel): Record<string, string> {
  const pre = exportPreprocessing(model);
  return { ...(pre ? { [PREPROCESSING_KEY]: preprocessingJson(pre) } : {}), ...labelMetadata(model) };
}

/** preprocessing.json, tokenizer.json / classes.json, or nothing without scaling and labels. */
export function preprocessingFiles(model: TrainedModel): ExportFile[] {
  const pre = exportPreprocessing(model);
  return [...(pre ? [{ name: PREPROCESSING_FILE, data: utf8(`${JSON.stringify(preprocessingDocument(pre), null, 2)}\n`) }] : []), ...labelFiles(model)];
}

/** model.py of the model, with its scaling. */
export function modelPyFile(model: TrainedModel): ExportFile {
  return { name: 'model.py', data: utf8(generateModelPy(model.spec, exportPreprocessing(model), exportTokenizer(model))) };
}

/** weights.safetensors alone (the CLI's run directory holds this file). */
export function weightsFile(model: TrainedModel, metadata: Record<string, string> = {}): ExportFile {
  return { name: 'weights.safetensors', data: encodeSafetensors(modelStateDict(model), { format: 'pt', ...preprocessingMetadata(model), ...metadata }) };
}

export const exportSafetensors: Exporter = (model) => [weightsFile(model), modelPyFile(model), ...preprocessingFiles(model)];
