/**
 * Does the model's head fit the dataset's task? The head is three things that only make sense
 * together: the units of the last Dense, the activation the output ends in, and the loss. When
 * they do not fit, there is one message naming the whole fix (never "change the loss" alone, whose
 * advice the engine's softmax check would then contradict), and `outputFix` applies it as one edit.
 */
import { analyzeModel, finalActivation } from '../../engine/graph';
import type { Activation, LayerSpec, LossName, ModelSpec } from '../../engine/spec';
import { isRegressionLoss, LOSS_TABLE } from '../../engine/losses';
import type { DatasetInfo } from './dataset-info';

/** What the head must be for a dataset. */
export interface HeadTarget {
  units: number;
  activation: Extract<Activation, 'linear' | 'softmax' | 'sigmoid'>;
  loss: LossName;
}

interface Head {
  /** The Dense whose units are the output's width. */
  dense: Extract<LayerSpec, { type: 'Dense' }>;
  /** The layer the output ends in: the Dense itself, or an Activation after it. */
  last: LayerSpec;
}

/** The head a dataset needs; null where this check does not apply (per-position labels, unknown data). */
export function headTarget(spec: ModelSpec, ds: DatasetInfo): HeadTarget | null {
  if (ds.missing || ds.targetShape) return null;
  // A regression or classification loss the spec already has is kept; otherwise mse or sparse cross-entropy.
  const row = LOSS_TABLE[spec.loss];
  if (ds.task === 'regression') return { units: Math.max(1, ds.targetStats?.length ?? 1), activation: 'linear', loss: row?.task === 'regression' ? spec.loss : 'mse' };
  const k = ds.numClasses;
  if (k === undefined || k < 2) return null;
  if (k === 2 && row?.binary) return { units: 1, activation: row.needs === 'sigmoid' ? 'sigmoid' : 'linear', loss: spec.loss };
  const keep = row?.task === 'classification' && !row.binary && row.needs === 'softmax';
  return { units: k, activation: 'softmax', loss: keep ? spec.loss : 'sparse_categorical_crossentropy' };
}

/** Back from the output through Activation and Dropout layers to the Dense that sets its width. */
function findHead(spec: ModelSpec): Head | null {
  const byId = new Map(spec.layers.map((l) => [l.id, l]));
  const last = byId.get(spec.output);
  let at = last;
  for (let hops = 0; at && hops < 8; hops++) {
    if (at.type === 'Dense') return { dense: at, last: last! };
    if ((at.type !== 'Activation' && at.type !== 'Dropout') || (at.inputs ?? []).length !== 1) return null;
    at = byId.get(at.inputs![0]);
  }
  return null;
}

/** The output's shape as the engine infers it (also when the engine refuses the loss). */
function outputShape(spec: ModelSpec): readonly number[] | null {
  return analyzeModel(spec).shapes.get(spec.output)?.shape ?? null;
}

function fits(head: Head, want: HeadTarget, loss: LossName): boolean {
  const act = finalActivation(head.last);
  if (loss !== want.loss || head.dense.units !== want.units) return false;
  // A regression head may end in any activation but the classifiers' own (relu for positive targets, say).
  return isRegressionLoss(want.loss) ? act !== 'softmax' && act !== 'sigmoid' : act === want.activation;
}

interface Mismatch {
  head: Head;
  want: HeadTarget;
}

function mismatch(spec: ModelSpec, ds: DatasetInfo, shape: readonly number[] | null): Mismatch | null {
  const want = headTarget(spec, ds);
  if (!want) return null;
  // Only a 1-D output is a head this check understands ([T, C] outputs have their own messages).
  if (!shape || shape.length !== 1) return null;
  const head = findHead(spec);
  if (!head || fits(head, want, spec.loss)) return null;
  return { head, want };
}

const units = (n: number): string => `${n} unit${n === 1 ? '' : 's'}`;

/** The one message about a head that does not fit the dataset, naming the whole fix; null when it fits. */
export function outputFitMessage(spec: ModelSpec, ds: DatasetInfo, shape: readonly number[] | null = outputShape(spec)): string | null {
  const m = mismatch(spec, ds, shape);
  if (!m) return null;
  const { want } = m;
  const what =
    isRegressionLoss(want.loss)
      ? `a regression dataset (${want.units} target${want.units === 1 ? '' : 's'})`
      : `a classification dataset (${ds.numClasses} classes)`;
  const loss = spec.loss === want.loss ? `the loss stays ${want.loss}` : `the loss becomes ${want.loss}`;
  return `${ds.label} is ${what}. Make the output fit it: the last Dense gets ${units(want.units)} and a ${want.activation} activation, and ${loss}.`;
}

/** The spec with the head made to fit the dataset (units, activation and loss together), or null when it fits or cannot be fixed here. */
export function outputFix(spec: ModelSpec, ds: DatasetInfo): ModelSpec | null {
  const m = mismatch(spec, ds, outputShape(spec));
  if (!m) return null;
  const { head, want } = m;
  const denseId = head.dense.id;
  const lastId = head.last.id;
  const layers = spec.layers.map((l): LayerSpec => {
    if (l.id === denseId) return { ...l, units: want.units, activation: lastId === denseId ? want.activation : 'linear' } as LayerSpec;
    if (l.id === lastId && l.type === 'Activation') return { ...l, activation: want.activation };
    // Activations between the Dense and the output would reshape the scores: they become linear.
    if (l.type === 'Activation' && isBetween(spec, l.id, denseId, lastId)) return { ...l, activation: 'linear' };
    return l;
  });
  return { ...spec, layers, loss: want.loss };
}

/** Whether layer `id` lies on the single-input chain from `from` (exclusive) to `to` (exclusive). */
function isBetween(spec: ModelSpec, id: string, from: string, to: string): boolean {
  const byId = new Map(spec.layers.map((l) => [l.id, l]));
  let at = byId.get(to)?.inputs?.[0];
  while (at && at !== from) {
    if (at === id) return true;
    at = byId.get(at)?.inputs?.[0];
  }
  return false;
}

/**
 * The spec with its one 1-D float Input widened or narrowed to the dataset's feature count, or
 * null when it already fits or is not that simple case (images, token ids, several inputs).
 */
export function inputFix(spec: ModelSpec, ds: DatasetInfo): ModelSpec | null {
  const inputs = spec.layers.filter((l) => l.type === 'Input');
  const want = ds.inputShape;
  if (ds.missing || inputs.length !== 1 || !want || want.length !== 1 || (ds.inputDtype ?? 'float32') !== 'float32') return null;
  const input = inputs[0] as Extract<LayerSpec, { type: 'Input' }>;
  if ((input.dtype ?? 'float32') !== 'float32' || input.shape.length !== 1 || input.shape[0] === want[0]) return null;
  return { ...spec, layers: spec.layers.map((l) => (l === input ? { ...input, shape: [want[0]] } : l)) };
}

/** Input width and head made to fit the dataset in one edit (either part may already fit); null when nothing changes. */
export function fitToDataset(spec: ModelSpec, ds: DatasetInfo): ModelSpec | null {
  const widened = inputFix(spec, ds);
  const base = widened ?? spec;
  return outputFix(base, ds) ?? widened;
}
