/**
 * Runs the finite_scan kernel over regions of a compiled model's GPU buffers and reads back only
 * the small result (per region: non-finite count, finite count, min and max of the finite values).
 * Used by the NaN trap between steps; never inside the training loop.
 */
import { readBuffer } from '../../gpu/arena';
import { withErrorScopes } from '../../gpu/errors';
import type { PipelineCache } from '../../gpu/pipelines';
import { finiteRangeTable, finiteScan, finiteStats, type FiniteRange, type FiniteStats } from '../../kernels/finite/finite';
import type { Binding } from '../../kernels/dispatch';
import type { BufferArena } from '../../gpu/arena';

/** `length` f32 values of `buffer` from element `offset`. */
export interface Region {
  buffer: GPUBuffer;
  offset: number;
  length: number;
}

export type { FiniteStats } from '../../kernels/finite/finite';

export const isFinite = (s: FiniteStats): boolean => s.nonFinite === 0;

/** Scans every region (empty ones report zero counts) and returns their statistics in order. */
export async function scanRegions(device: GPUDevice, pipelines: PipelineCache, arena: BufferArena, regions: readonly Region[]): Promise<FiniteStats[]> {
  if (regions.length === 0) return [];
  const pipeline = await pipelines.get('finite_scan', {});
  const out = arena.storage('finite.out', regions.length * 16);
  const temps: GPUBuffer[] = [out];
  try {
    const byBuffer = new Map<GPUBuffer, FiniteRange[]>();
    regions.forEach((r, slot) => {
      if (r.length <= 0) return;
      if (r.offset < 0 || (r.offset + r.length) * 4 > r.buffer.size) throw new Error(`internal: scan region [${r.offset}, +${r.length}) is outside its buffer (${r.buffer.size} bytes)`);
      const list = byBuffer.get(r.buffer) ?? [];
      list.push({ offset: r.offset, length: r.length, slot });
      byBuffer.set(r.buffer, list);
    });
    await withErrorScopes(device, 'scanning for non-finite values', () => {
      const enc = device.createCommandEncoder();
      enc.clearBuffer(out);
      const pass = enc.beginComputePass();
      for (const [buffer, ranges] of byBuffer) {
        const table = arena.upload('finite.ranges', finiteRangeTable(ranges));
        temps.push(table);
        finiteScan(
          {
            dispatch: (_id, _c, bindings: Binding[], wg) => {
              pass.setPipeline(pipeline);
              pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: bindings.map((b, i) => ({ binding: i, resource: 'buffer' in b ? b : { buffer: b } })) }));
              pass.dispatchWorkgroups(wg[0], wg[1] ?? 1, wg[2] ?? 1);
            },
          },
          { R: ranges.length, ranges: table, x: buffer, out },
        );
      }
      pass.end();
      device.queue.submit([enc.finish()]);
    });
    const words = new Uint32Array(await readBuffer(device, out, regions.length * 16));
    return regions.map((_, slot) => finiteStats(words, slot));
  } finally {
    for (const b of temps) arena.destroy(b);
  }
}

/** "[min, max]" of the finite values (or "no finite values"), short numbers. */
export function rangeText(s: FiniteStats): string {
  if (s.min === null || s.max === null) return 'no finite values';
  return `[${short(s.min)}, ${short(s.max)}]`;
}

export const short = (v: number): string => (v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(4))));
