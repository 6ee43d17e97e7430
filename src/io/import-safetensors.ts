/**
 * Import of an untrusted safetensors file into a model whose graph matches: the file is fully
 * validated (decodeSafetensors: header length, JSON shape, dtypes, offsets, sizes) before any
 * tensor is read, then names and shapes are checked against the model one by one
 * (fromStateDict). The result is a new TrainedModel; nothing passed in is modified, so a rejected
 * file leaves the project exactly as it was.
 */
import type { ModelSpec } from '../engine/spec';
import { decodeSafetensors, SafetensorsError } from './safetensors';
import { fromStateDict, StateDictMismatchError } from './state-dict';
import type { TrainedModel } from './trained-model';
import { buildGraph } from '../engine/graph';
import { stateDictShapeProblems } from './torch/expected-shapes';

export class ImportError extends Error {
  /** Every name or shape that does not match the model, one line each (empty when the file itself is unusable). */
  readonly problems: string[];
  constructor(message: string, problems: string[] = []) {
    super(message);
    this.problems = problems;
    this.name = 'ImportError';
  }
}

/** Largest file accepted (the whole file is in memory already; this bounds what we parse). */
export const MAX_IMPORT_BYTES = 2 ** 31;

export function importSafetensors(spec: ModelSpec, bytes: Uint8Array, fileName = 'the file'): TrainedModel {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError(`${fileName}: ${bytes.length} bytes is larger than the ${MAX_IMPORT_BYTES}-byte limit`);
  try {
    const tensors = decodeSafetensors(bytes).tensors;
    // Names and shapes from the header first: nothing of the model's size is allocated for a file that does not fit.
    const problems = stateDictShapeProblems(buildGraph(spec), tensors);
    if (problems.length > 0) throw new StateDictMismatchError(problems, spec.name ?? '');
    return fromStateDict(spec, tensors);
  } catch (e) {
    if (e instanceof StateDictMismatchError) throw new ImportError(`${fileName} is not usable: ${e.message}`, e.problems);
    if (e instanceof SafetensorsError) throw new ImportError(`${fileName} is not usable: ${e.message}`);
    throw e;
  }
}
