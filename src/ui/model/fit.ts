/**
 * Does a valid model fit its dataset? The same questions the worker asks before training
 * (datasetFitError in src/engine/gpu-dataset.ts: input shape and dtype, token ids vs the
 * Embedding's vocabulary, classes vs output units, task vs loss), answered from the dataset's
 * metadata (catalogue or upload) so Train can be disabled with the reason before anything is built.
 */
import type { ModelGraph } from '../../engine/graph';
import { corpusLengthProblem } from '../../data/uploads/char-text';
import { corpusModelProblem } from '../../engine/data-input';
import { lossRow } from '../../engine/losses';
import type { DatasetInfo } from './dataset-info';
import { outputFitMessage } from './output-fix';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** Uploaded text adapts to a 1-D input: token ids for an Embedding, or tf-idf features. */
function textFitProblem(graph: ModelGraph, ds: DatasetInfo): string | null {
  const input = graph.inputs[0];
  const shape = input.out.shape;
  if (shape.length !== 1) {
    return `${ds.label} is text: it feeds a 1-D input (int32 token ids [length] into an Embedding, or float32 tf-idf features [size]), but input "${input.spec.id}" expects ${fmt(shape)}.`;
  }
  if (input.out.dtype !== 'int32') return shape[0] < 2 ? `${ds.label} is text: tf-idf features need an input of at least 2 values.` : null;
  const embedding = input.consumers.find((c) => c.spec.type === 'Embedding');
  if (!embedding) return `${ds.label} as token ids needs an Embedding layer right after input "${input.spec.id}".`;
  const vocab = (embedding.spec as { inputDim: number }).inputDim;
  if (ds.maxTokenId !== undefined && ds.maxTokenId >= vocab) {
    return `${ds.label} has token id ${ds.maxTokenId}, beyond the vocabulary of Embedding "${embedding.spec.id}" (inputDim ${vocab}, ids 0..${vocab - 1}): set inputDim to at least ${ds.maxTokenId + 1}.`;
  }
  return null;
}

/** Uploaded plain text is cut into windows for a character language model: the worker's own checks (char-text.ts). */
function corpusFitProblem(graph: ModelGraph, ds: DatasetInfo): string | null {
  const problem = corpusModelProblem(graph);
  if (problem) return `${ds.label}: ${problem}.`;
  return ds.characters === undefined ? null : corpusLengthProblem(ds.characters, graph.inputs[0].out.shape[0], ds.label);
}

/** Input side: shape and dtype, or text and corpus adaptation. */
function inputFitProblem(graph: ModelGraph, ds: DatasetInfo): string | null {
  const input = graph.inputs[0];
  if (ds.inputShape === null) return textFitProblem(graph, ds);
  if (input.out.shape.join(',') !== ds.inputShape.join(',')) {
    return `Input "${input.spec.id}" expects ${fmt(input.out.shape)}, but ${ds.label} samples have shape ${fmt(ds.inputShape)}: set the Input's shape to ${fmt(ds.inputShape)}.`;
  }
  if (ds.inputDtype && input.out.dtype !== ds.inputDtype) return `Input "${input.spec.id}" is ${input.out.dtype}, but ${ds.label} holds ${ds.inputDtype} values.`;
  return null;
}

export function datasetFitProblem(graph: ModelGraph, ds: DatasetInfo): string | null {
  if (ds.missing) return ds.description;
  if (graph.inputs.length !== 1) return `The model has ${graph.inputs.length} inputs; a dataset feeds exactly one.`;
  if (ds.inputShape === null && ds.kind === 'chars') return corpusFitProblem(graph, ds);
  // The head (last Dense, activation, loss) is judged in one place, with the whole fix named;
  // an input that does not fit either is named first, in the same message.
  const head = outputFitMessage(graph.spec, ds, graph.output.out.shape);
  const input = inputFitProblem(graph, ds);
  if (input || head) return [input, head].filter(Boolean).join(' ');
  return outputProblem(graph, ds);
}

/** What the head check leaves: per-position outputs, heads without a Dense, and their losses. */
function outputProblem(graph: ModelGraph, ds: DatasetInfo): string | null {
  const out = graph.output;
  const units = prod(out.out.shape);
  const loss = graph.spec.loss;
  const row = lossRow(loss);
  if (row.targets !== 'float') {
    if (ds.task !== 'classification') return `${ds.label} is a regression dataset: the output needs a linear activation with 1 unit per target, and the loss mse.`;
    const perPosition = ds.targetShape && ds.targetShape.length === 1 ? ds.targetShape[0] : null;
    const shape = out.out.shape;
    if (perPosition !== null || (row.perPosition && shape.length === 2)) {
      // One class per position (a language model): the output must be [T, classes].
      const want = [perPosition ?? shape[0], ds.numClasses ?? shape[1]];
      if (perPosition === null) return `Output "${out.spec.id}" predicts a class at each of ${shape[0]} positions, but ${ds.label} has one label per sample: add a Flatten or a pooling layer before the last Dense.`;
      if (shape.join(',') !== want.join(',')) return `Output "${out.spec.id}" is ${fmt(shape)}, but ${ds.label} has a label at each of ${perPosition} positions over ${ds.numClasses} classes: it needs ${fmt(want)}.`;
      return null;
    }
    if (ds.numClasses !== units) return `Output "${out.spec.id}" has ${units} units, but ${ds.label} has ${ds.numClasses} classes.`;
    return null;
  }
  if (row.binary) {
    if (ds.task !== 'classification' || ds.numClasses !== 2 || units !== 1) return `${loss} needs 2 classes and 1 output unit; ${ds.label} has ${ds.numClasses ?? 'no'} classes and "${out.spec.id}" ${units} units.`;
    return null;
  }
  if (ds.task === 'classification') return `${ds.label} is a classification dataset (${ds.numClasses} classes): the output needs ${ds.numClasses} units with softmax, and the loss sparse_categorical_crossentropy.`;
  if (units !== 1) return `Output "${out.spec.id}" has ${units} units, but ${ds.label} has 1 target value per sample.`;
  return null;
}
