/**
 * A project: one model being built and trained. The editable part (spec, dataset, training
 * settings, node positions) plus the record of its runs and last evaluation; trained weights are
 * stored beside it (StoredWeights), keyed by project id.
 */
import type { ModelSpec, OptimizerSpec } from '../../engine/spec';
import type { TrainSettings } from '../../presets/presets';
import type { DatasetName, EpochReport, EvalReport } from '../../worker/protocol';
import type { XY } from '../model/layout';

/** One chart point: x in epochs (fractional), loss and accuracy (null for regression). */
export interface SeriesPoint {
  x: number;
  loss: number;
  acc: number | null;
}

/** What a run was trained with (for the chart legend's "how it differs"). */
export interface RunConfig {
  dataset: DatasetName;
  loss: ModelSpec['loss'];
  optimizer: OptimizerSpec;
  settings: TrainSettings;
  params: number;
  layers: number;
  /** Architecture fingerprint: layers, output and loss. */
  archKey: string;
}

export interface RunRecord {
  id: number;
  startedAt: number;
  config: RunConfig | null;
  train: SeriesPoint[];
  val: SeriesPoint[];
  last: EpochReport | null;
}

/** The editable part of a project (what undo, share links and files carry). */
export interface ProjectCore {
  spec: ModelSpec;
  /** A built-in dataset id or an upload's id (`upload:...`). */
  dataset: DatasetName;
  settings: TrainSettings;
}

export interface ProjectDoc extends ProjectCore {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  positions: Record<string, XY>;
  presetId: string | null;
  /** The run the stored weights belong to. */
  current: RunRecord | null;
  /** Earlier runs, oldest first. */
  history: RunRecord[];
  evaluation: EvalReport | null;
  nextRunId: number;
}

export interface StoredWeights {
  projectId: string;
  params: Float32Array;
  epoch: number;
  globalStep: number;
  /** The architecture the weights belong to (RunConfig.archKey). */
  archKey: string;
}

export interface ProjectSummary {
  id: string;
  name: string;
  updatedAt: number;
}

/** Earlier runs kept per project. */
export const MAX_HISTORY = 8;
