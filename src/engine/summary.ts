/**
 * A Keras-style model summary from the checked graph: one row per layer (name, type, output shape
 * as Keras prints it, parameters, whether they train, forward FLOPs of one sample, activation
 * memory of one sample) and the totals Keras prints under its table ("Total params: 101,770
 * (397.54 KB)"). Pure: the CLI prints it (cli/summary-table.ts), the app shows it beside the canvas.
 */
import { buildGraph, type ModelGraph } from './graph';
import { size } from './layers/layer';
import type { ModelSpec } from './spec';

/** Bytes of one parameter or activation value (float32; int32 token ids are 4 bytes too). */
export const VALUE_BYTES = 4;

export interface SummaryRow {
  name: string;
  type: string;
  /** Keras style with the batch axis: "(None, 28, 28, 32)". */
  outputShape: string;
  params: number;
  /** Keras's layer.trainable column: true for a layer with parameters (false for one without any). */
  trainable: boolean;
  /** Of `params`, those the optimizer updates (BatchNormalization's moving statistics do not count). */
  trainableParams: number;
  /** Forward FLOPs of one sample (the layer definition's estimate). */
  flopsPerSample: number;
  /** Bytes of this layer's output for one sample; 0 where the output shares its input's buffer (Flatten, Reshape). */
  activationBytes: number;
}

export interface ModelSummary {
  name: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  flopsPerSample: number;
  activationBytes: number;
}

/** Keras's shape text: the batch axis as None, then the per-sample shape. */
export function kerasShape(shape: readonly number[]): string {
  return `(${['None', ...shape.map(String)].join(', ')})`;
}

/** Keras's readable_memory_size: bytes in B/KB/MB/... (powers of 1024), two decimals. */
export function readableBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  for (const unit of units) {
    if (v / 1024 < 1) return `${v.toFixed(2)} ${unit}`;
    v /= 1024;
  }
  return `${v.toFixed(2)} ${units[units.length - 1]}`;
}

/** A whole number with thousands separators, as Keras prints counts ("101,770"). */
export function groupDigits(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** FLOPs in short form: 1.2 K, 3.4 M, 5.6 G. */
export function shortCount(n: number): string {
  if (n < 1000) return String(Math.round(n));
  const units = ['K', 'M', 'G', 'T'];
  let v = n;
  let u = -1;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

export function summarizeGraph(graph: ModelGraph): ModelSummary {
  const rows: SummaryRow[] = graph.nodes.map((n) => ({
    name: n.spec.id,
    type: n.spec.type,
    outputShape: kerasShape(n.out.shape),
    params: n.paramCount,
    trainable: n.paramCount > 0,
    trainableParams: n.params.reduce((a, p) => a + (p.trainable === false ? 0 : size(p.shape)), 0),
    flopsPerSample: n.def.flops(n.spec as never, n.inputs.map((i) => i.out.shape), n.out.shape),
    activationBytes: n.def.aliasesInput ? 0 : size(n.out.shape) * VALUE_BYTES,
  }));
  const total = rows.reduce((a, r) => a + r.params, 0);
  const trainable = rows.reduce((a, r) => a + r.trainableParams, 0);
  return {
    name: graph.spec.name ?? 'model',
    rows,
    totalParams: total,
    trainableParams: trainable,
    nonTrainableParams: total - trainable,
    flopsPerSample: rows.reduce((a, r) => a + r.flopsPerSample, 0),
    activationBytes: rows.reduce((a, r) => a + r.activationBytes, 0),
  };
}

/** The summary of a spec; throws SpecValidationError (every problem listed) for an invalid one. */
export function summarizeModel(spec: ModelSpec): ModelSummary {
  return summarizeGraph(buildGraph(spec));
}

/** Keras's three lines under the table: "Total params: 101,770 (397.54 KB)" and the trainable split. */
export function paramTotalsLines(s: ModelSummary): string[] {
  const line = (label: string, n: number) => `${label}: ${groupDigits(n)} (${readableBytes(n * VALUE_BYTES)})`;
  return [line('Total params', s.totalParams), line('Trainable params', s.trainableParams), line('Non-trainable params', s.nonTrainableParams)];
}
