/**
 * Will a model fit the device? From the analysed graph and the batch size, the bytes of every
 * buffer the compiler and trainer create (flat parameters, gradients, optimizer slots, each
 * activation and its gradient at batch x shape, the dataset uploaded to the GPU), checked against
 * the device's limits before anything is allocated:
 *   - each buffer <= min(maxBufferSize, maxStorageBufferBindingSize) (every one is bound as storage);
 *   - all of them together <= the total budget: 4 x maxBufferSize, at least 2 GiB and at most 16 GiB
 *     (WebGPU cannot report free memory; this is a bound against absurd models, not a promise).
 * The compiler calls assertFitsDevice with the real device's limits; the editor calls sizeProblems
 * with the WebGPU spec defaults (WEBGPU_DEFAULT_LIMITS), which an adapter may raise.
 */
import type { ModelGraph } from './graph';
import { size } from './layers/layer';
import { optimizerSlots } from './spec';

export interface BufferLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

/** The WebGPU specification's default limits (256 MiB per buffer, 128 MiB per storage binding). */
export const WEBGPU_DEFAULT_LIMITS: BufferLimits = { maxBufferSize: 256 * 2 ** 20, maxStorageBufferBindingSize: 128 * 2 ** 20 };

const GiB = 2 ** 30;

/** Bytes all the model's buffers together may take on a device with these limits. */
export function totalBudget(limits: BufferLimits): number {
  return Math.min(16 * GiB, Math.max(2 * GiB, 4 * limits.maxBufferSize));
}

/** A buffer the dataset needs on the GPU (inputs or targets), in bytes. */
export interface DataFootprint {
  label: string;
  bytes: number;
}

interface Rows {
  n: number;
  x: { length: number };
  y: { length: number };
}

/** The GPU buffers a training set (and its validation part) take once uploaded (4 bytes a value). */
export function dataFootprint(data: { train: Rows; validation?: Rows | null }): DataFootprint[] {
  const parts: [string, Rows][] = [['training', data.train]];
  if (data.validation && data.validation.n > 0) parts.push(['validation', data.validation]);
  return parts.flatMap(([what, d]) => [
    { label: `${what} inputs (${d.n} samples)`, bytes: 4 * d.x.length },
    { label: `${what} targets`, bytes: 4 * d.y.length },
  ]);
}

export interface SizeEstimate {
  buffers: { label: string; bytes: number }[];
  largest: { label: string; bytes: number };
  totalBytes: number;
}

/** The bytes of the model's main buffers at `batch` (inference copies: `training` false, no gradients or optimizer state). */
export function estimateBuffers(graph: ModelGraph, batch: number, data: readonly DataFootprint[] = [], training = true): SizeEstimate {
  const buffers: { label: string; bytes: number }[] = [];
  const P = graph.paramCount;
  buffers.push({ label: 'parameters', bytes: 4 * P });
  if (training) {
    buffers.push({ label: 'gradients', bytes: 4 * P });
    for (const slot of optimizerSlots(graph.spec.optimizer)) buffers.push({ label: `optimizer slot "${slot}"`, bytes: 4 * P });
  }
  const requiresGrad = new Set<string>();
  for (const n of graph.nodes) {
    if (n.paramCount > 0 || n.inputs.some((i) => requiresGrad.has(i.spec.id))) requiresGrad.add(n.spec.id);
    if (n.def.aliasesInput) continue;
    const bytes = 4 * batch * size(n.out.shape);
    buffers.push({ label: `layer "${n.spec.id}" activations (batch ${batch} x [${n.out.shape.join(', ')}])`, bytes });
    if (training && requiresGrad.has(n.spec.id)) buffers.push({ label: `layer "${n.spec.id}" gradients`, bytes });
  }
  for (const d of data) buffers.push({ ...d });
  let largest = buffers[0];
  let totalBytes = 0;
  for (const b of buffers) {
    totalBytes += b.bytes;
    if (b.bytes > largest.bytes) largest = b;
  }
  return { buffers, largest, totalBytes };
}

const mib = (bytes: number): string => (bytes >= 10 * GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${(bytes / 2 ** 20).toFixed(1)} MiB`);

/** Sentences saying what does not fit (empty when everything does). */
export function sizeProblems(graph: ModelGraph, batch: number, limits: BufferLimits, data: readonly DataFootprint[] = [], training = true): string[] {
  const est = estimateBuffers(graph, batch, data, training);
  const perBuffer = Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize);
  const budget = totalBudget(limits);
  const problems: string[] = [];
  const tooBig = est.buffers.filter((b) => !(b.bytes <= perBuffer));
  if (tooBig.length > 0) {
    const more = tooBig.length > 1 ? ` (and ${tooBig.length - 1} more buffer${tooBig.length > 2 ? 's' : ''})` : '';
    problems.push(
      `the ${est.largest.label} need ${mib(est.largest.bytes)} in one buffer${more}, but this device allows ${mib(perBuffer)} per buffer (maxBufferSize ${mib(limits.maxBufferSize)}, maxStorageBufferBindingSize ${mib(limits.maxStorageBufferBindingSize)})`,
    );
  }
  if (!(est.totalBytes <= budget)) {
    problems.push(`all buffers together need ${mib(est.totalBytes)}, more than the ${mib(budget)} budget for this device (4 x maxBufferSize, between 2 and 16 GiB)`);
  }
  return problems;
}

export class ModelTooLargeError extends Error {
  constructor(readonly problems: string[]) {
    super(`the model is too large for this GPU: ${problems.join('; ')}. Use a smaller batch size, fewer units or filters, or smaller inputs`);
    this.name = 'ModelTooLargeError';
  }
}

/** Throws ModelTooLargeError unless every buffer fits `limits`. */
export function assertFitsDevice(graph: ModelGraph, batch: number, limits: BufferLimits, data: readonly DataFootprint[] = [], training = true): void {
  const problems = sizeProblems(graph, batch, limits, data, training);
  if (problems.length > 0) throw new ModelTooLargeError(problems);
}
