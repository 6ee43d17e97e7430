/**
 * The "safetensors" export: F32 weights under PyTorch state_dict names and layouts, plus the
 * generated model.py that loads them with load_state_dict(..., strict=True).
 */
import { encodeSafetensors } from '../safetensors';
import { modelStateDict } from '../state-dict';
import type { ExportFile, Exporter, TrainedModel } from '../trained-model';
import { generateModelPy } from './model-py';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** weights.safetensors alone (the CLI's run directory holds this file). */
export function weightsFile(model: TrainedModel, metadata: Record<string, string> = {}): ExportFile {
  return { name: 'weights.safetensors', data: encodeSafetensors(modelStateDict(model), { format: 'pt', ...metadata }) };
}

export const exportSafetensors: Exporter = (model) => [weightsFile(model), { name: 'model.py', data: utf8(generateModelPy(model.spec)) }];
