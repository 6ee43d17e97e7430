/**
 * What every exporter takes and gives: a model spec with its flat parameter vector (engine layout,
 * see src/engine/params.ts) in, named files out. The CLI (`npm run export`) and the app's export
 * menu both go through this one shape, so each format is one function.
 */
import { buildGraph } from '../engine/graph';
import { layoutParams, type ParamEntry, type ParamLayout } from '../engine/params';
import type { ModelSpec } from '../engine/spec';
import type { Preprocessing } from '../data/scaling';
import type { TokenizerDoc } from './tokenizer-json';

export interface TrainedModel {
  spec: ModelSpec;
  layout: ParamLayout;
  /** Flat parameters, engine (Keras) layout, length layout.total. */
  params: Float32Array;
  /**
   * How the rows were scaled before the model saw them (numeric uploads; src/data/scaling.ts):
   * features x' = (x - offset) * scale per input feature, and for regression the outputs in
   * scaled units, y_raw = y / scale + offset. Every export applies it, so exported models take raw
   * rows and give raw targets. Absent or null parts: identity.
   */
  preprocessing?: Preprocessing | null;
  /**
   * A text model's tokenizer (raw text -> input row, io/tokenizer-json.ts) and a classifier's class
   * names by output column (model-labels.ts): every export writes them beside the weights and in
   * its metadata. Absent or null: none.
   */
  tokenizer?: TokenizerDoc | null;
  classNames?: readonly string[] | null;
}

export interface ExportFile {
  /** File name (may contain '/' for a folder inside a bundle). */
  name: string;
  data: Uint8Array;
}

export type Exporter = (model: TrainedModel) => ExportFile[] | Promise<ExportFile[]>;

/** A TrainedModel from a spec and its flat parameters (checks the length). */
export function trainedModel(spec: ModelSpec, params: Float32Array): TrainedModel {
  const layout = layoutParams(buildGraph(spec));
  if (params.length !== layout.total) throw new Error(`parameters: expected ${layout.total} floats for this model, got ${params.length}`);
  return { spec, layout, params };
}

/** The engine-layout tensor of one parameter entry (a view, not a copy). */
export function entryData(model: TrainedModel, e: ParamEntry): Float32Array {
  return model.params.subarray(e.offset, e.offset + e.length);
}

/** The parameter entries of one layer by engine name ('weight', 'recurrent_weight', 'bias', ...). */
export function layerParams(model: TrainedModel, layerId: string): Map<string, { entry: ParamEntry; data: Float32Array }> {
  const out = new Map<string, { entry: ParamEntry; data: Float32Array }>();
  for (const e of model.layout.entries) if (e.layer === layerId) out.set(e.name, { entry: e, data: entryData(model, e) });
  return out;
}
