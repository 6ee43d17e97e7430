/**
 * Does a valid model fit its dataset? The same questions the worker asks before training (input
 * shape, classes vs output units, task vs loss), answered from the dataset registry's metadata
 * so Train can be disabled with the reason before anything is built.
 */
import type { ModelGraph } from '../../engine/graph';
import type { DatasetEntry } from '../../data/registry';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

export function datasetFitProblem(graph: ModelGraph, ds: DatasetEntry): string | null {
  if (graph.inputs.length !== 1) return `The model has ${graph.inputs.length} inputs; a dataset feeds exactly one.`;
  const input = graph.inputs[0];
  if (input.out.shape.join(',') !== ds.inputShape.join(',')) {
    return `Input "${input.spec.id}" expects ${fmt(input.out.shape)}, but ${ds.label} samples have shape ${fmt(ds.inputShape)}.`;
  }
  const out = graph.output;
  const units = prod(out.out.shape);
  const loss = graph.spec.loss;
  if (loss === 'sparse_categorical_crossentropy' || loss === 'categorical_crossentropy') {
    if (ds.task !== 'classification') return `${loss} needs a classification dataset; ${ds.label} is regression. Use mse.`;
    if (ds.numClasses !== units) return `Output "${out.spec.id}" has ${units} units, but ${ds.label} has ${ds.numClasses} classes.`;
    return null;
  }
  if (loss === 'binary_crossentropy') {
    if (ds.task !== 'classification' || ds.numClasses !== 2 || units !== 1) return `binary_crossentropy needs 2 classes and 1 output unit; ${ds.label} has ${ds.numClasses ?? 'no'} classes and "${out.spec.id}" ${units} units.`;
    return null;
  }
  if (ds.task === 'classification') return `mse on a classification dataset is not supported; use a cross-entropy loss with a softmax output of ${ds.numClasses} units.`;
  if (units !== 1) return `Output "${out.spec.id}" has ${units} units, but ${ds.label} has 1 target value per sample.`;
  return null;
}
