/**
 * What the UI knows about a dataset without loading it: the built-in catalogue's entry or an
 * upload's metadata, in one shape. An upload that is referenced but not in this browser comes
 * back `missing`, with the reason as its description.
 */
import { datasetMeta, isDatasetId, type DatasetKind } from '../../data/catalog';
import type { Task } from '../../data/dataset';
import type { ColumnStats } from '../../data/scaling';
import { scalingAdvice, type ScalingAdvice } from '../../data/uploads/scaling-advice';
import type { UploadMeta } from '../../data/uploads/types';
import type { DatasetName } from '../../worker/protocol';

export interface DatasetInfo {
  id: DatasetName;
  label: string;
  description: string;
  task: Task;
  /** null for uploaded text (its width follows the model's input). */
  inputShape: readonly number[] | null;
  inputDtype: 'float32' | 'int32' | null;
  numClasses?: number;
  classNames?: readonly string[];
  /** Labels per sample when there is one per position ([T]: a character language-model corpus). */
  targetShape?: readonly number[];
  kind: DatasetKind | 'text';
  /** Rows made from texts (built-in text sets, uploaded text): a typed sentence can be classified. */
  fromText: boolean;
  /** Rows before the validation split. */
  trainRows: number;
  testRows: number;
  uploaded: boolean;
  /** Largest token id of an uploaded token-id text set. */
  maxTokenId?: number;
  /** Length in characters of an uploaded corpus (its windows follow the model's context). */
  characters?: number;
  missing?: boolean;
  /** Numeric CSV uploads: the header's feature names. */
  featureNames?: readonly string[];
  /** Numeric CSV uploads (the ones feature scaling applies to): train-part statistics per feature. */
  featureStats?: readonly ColumnStats[];
  /** ...the scaling they suggest, with the reason. */
  scalingAdvice?: ScalingAdvice;
  /** ...and a regression target's train-part statistics. */
  targetStats?: readonly ColumnStats[];
}

export function datasetInfo(id: DatasetName, uploads: readonly UploadMeta[]): DatasetInfo {
  if (isDatasetId(id)) {
    const m = datasetMeta(id);
    return {
      id, label: m.label, description: m.description, task: m.task, inputShape: m.inputShape, inputDtype: m.inputDtype,
      numClasses: m.numClasses, classNames: m.classNames, kind: m.kind, fromText: m.fromText === true, trainRows: m.defaults.train, testRows: m.defaults.test, uploaded: false,
      ...(m.targetShape ? { targetShape: m.targetShape } : {}),
    };
  }
  const u = uploads.find((x) => x.id === id);
  if (!u) {
    return {
      id, label: 'Uploaded dataset (not available)', description: 'This project trains on an uploaded dataset that is not in this browser: upload the files again or choose another dataset.',
      task: 'classification', inputShape: null, inputDtype: null, kind: 'features', fromText: false, trainRows: 0, testRows: 0, uploaded: true, missing: true,
    };
  }
  return {
    id, label: u.label, description: u.description, task: u.task, inputShape: u.inputShape, inputDtype: u.inputDtype,
    numClasses: u.numClasses, classNames: u.classNames, kind: u.kind, fromText: u.kind === 'text',
    trainRows: u.trainRows, testRows: u.testRows, uploaded: true, ...(u.maxTokenId !== undefined ? { maxTokenId: u.maxTokenId } : {}),
    ...(u.characters !== undefined ? { characters: u.characters } : {}),
    ...(u.featureNames ? { featureNames: u.featureNames } : {}),
    ...(u.featureStats ? { featureStats: u.featureStats, scalingAdvice: scalingAdvice(u.featureStats, u.featureNames ?? []) } : {}),
    ...(u.targetStats ? { targetStats: u.targetStats } : {}),
  };
}

/** Whether feature scaling (settings.scaling) applies to this dataset: numeric CSV uploads only. */
export function isScalable(d: DatasetInfo): boolean {
  return d.featureStats !== undefined && !d.missing;
}

export function is2dDataset(d: DatasetInfo): boolean {
  return d.inputShape !== null && d.inputShape.length === 1 && d.inputShape[0] === 2;
}
