/**
 * The text and label documents every export carries (TrainedModel.tokenizer / .classNames): checked
 * once here against the model's graph for all formats, and turned into the file beside the weights
 * (tokenizer.json, a text model only: the class names are inside it) and the string entries of
 * safetensors `__metadata__` / ONNX metadata_props ("tokenizer", "class_names", each one line of
 * JSON). Another classifier's names travel in the metadata only, so a single-file export stays one
 * file; the CLI run folder writes them as classes.json (runLabelFiles). A model without them
 * exports exactly as before.
 */
import type { Dataset } from '../data/dataset';
import { buildGraph } from '../engine/graph';
import { planLoss } from '../engine/loss-plan';
import { TOKENIZER_FILE, TOKENIZER_KEY, TokenizerError, tokenizerJson, tokenizerOf, type TokenizerDoc } from './tokenizer-json';
import type { ExportFile, TrainedModel } from './trained-model';
import { isRegressionLoss } from '../engine/losses';

export const CLASSES_FILE = 'classes.json';
export const CLASS_NAMES_KEY = 'class_names';
export const CLASSES_FORMAT = 'webgpu-playground-classes';

/**
 * What a dataset gives the exports of `model`: its tokenizer (text) and class names (classifiers),
 * each only where it fits the model (a model with more output units than the dataset has classes
 * exports without names rather than failing).
 */
export function datasetLabels(ds: Dataset, spec: TrainedModel['spec']): Pick<TrainedModel, 'tokenizer' | 'classNames'> {
  const labels = { tokenizer: tokenizerOf(ds), classNames: ds.task === 'classification' && ds.classNames ? [...ds.classNames] : null };
  const fits = (f: (m: TrainedModel) => unknown) => {
    try {
      f({ spec, ...labels } as TrainedModel);
      return true;
    } catch (e) {
      if (e instanceof TokenizerError) return false;
      throw e;
    }
  };
  if (!fits(exportClassNames)) labels.classNames = null;
  if (labels.tokenizer && !fits(exportTokenizer)) labels.tokenizer = null;
  if (labels.tokenizer && !labels.classNames) labels.tokenizer = { ...labels.tokenizer, class_names: null };
  return labels;
}

/** The model's tokenizer, checked against its Input; null when it has none. */
export function exportTokenizer(model: TrainedModel): TokenizerDoc | null {
  const t = model.tokenizer;
  if (!t) return null;
  const inputs = buildGraph(model.spec).inputs;
  const refuse = (why: string) => new TokenizerError(`cannot export the tokenizer with this model: ${why}`);
  if (inputs.length !== 1) throw refuse(`a tokenizer feeds one Input layer, this model has ${inputs.length}`);
  const s = inputs[0].out;
  if (t.kind === 'bag-of-words') {
    if (s.dtype !== 'float32' || s.shape.length !== 1 || s.shape[0] !== t.features?.width) throw refuse(`bag-of-words rows of ${t.features?.width} floats do not fit the Input ${s.dtype} [${s.shape.join(', ')}]`);
  } else if (s.dtype !== 'int32' || s.shape.length !== 1 || s.shape[0] !== t.sequence_length) {
    throw refuse(`${t.sequence_length} token ids do not fit the Input ${s.dtype} [${s.shape.join(', ')}]`);
  }
  return { ...t, class_names: exportClassNames(model) ?? t.class_names };
}

/** The classifier's class names by output column, checked against its output; null without them (or for regression). */
export function exportClassNames(model: TrainedModel): string[] | null {
  const names = model.classNames;
  if (!names || isRegressionLoss(model.spec.loss)) return null;
  const classes = planLoss(buildGraph(model.spec)).classes;
  // One sigmoid unit is two classes (p(0) = 1 - p), as the playground shows it.
  if (names.length !== classes && !(classes === 1 && names.length === 2)) {
    throw new TokenizerError(`cannot export the class names with this model: ${names.length} names for ${classes} output classes`);
  }
  return [...names];
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** tokenizer.json for a text model; nothing otherwise. */
export function labelFiles(model: TrainedModel): ExportFile[] {
  const tok = exportTokenizer(model);
  return tok ? [{ name: TOKENIZER_FILE, data: utf8(`${tokenizerJson(tok)}\n`) }] : [];
}

/** tokenizer.json (text models) or classes.json (other classifiers with names): a CLI run folder's documents. */
export function runLabelFiles(model: TrainedModel): ExportFile[] {
  const files = labelFiles(model);
  if (files.length) return files;
  const names = exportClassNames(model);
  return names ? [{ name: CLASSES_FILE, data: utf8(`${JSON.stringify({ format: CLASSES_FORMAT, version: 1, class_names: names })}\n`) }] : [];
}

/** String metadata entries: "tokenizer" and "class_names" (one line of JSON each) where the model has them. */
export function labelMetadata(model: TrainedModel): Record<string, string> {
  const tok = exportTokenizer(model);
  const names = exportClassNames(model);
  return { ...(tok ? { [TOKENIZER_KEY]: tokenizerJson(tok) } : {}), ...(names ? { [CLASS_NAMES_KEY]: JSON.stringify(names) } : {}) };
}
