/**
 * Launcher of finite.wgsl: per range of an f32 buffer, the count of NaN/±Inf values and the
 * min/max of the finite ones, written to a small result buffer (the NaN trap reads only that).
 */
import type { Binding, Dispatcher } from '../dispatch';

/** A range of `length` f32 values from element `offset`, reported in result slot `slot`. */
export interface FiniteRange {
  offset: number;
  length: number;
  slot: number;
}

/** The ranges as the kernel's [R, 4] u32 table (offset, length, slot, 0). */
export function finiteRangeTable(ranges: readonly FiniteRange[]): Uint32Array {
  const t = new Uint32Array(Math.max(1, ranges.length) * 4);
  ranges.forEach((r, i) => t.set([r.offset, r.length, r.slot, 0], i * 4));
  return t;
}

/** out[slot] = (nonFinite, min bits, max bits, finite) for every range of the table `ranges` (R rows). */
export function finiteScan(d: Dispatcher, a: { R: number; ranges: Binding; x: Binding; out: Binding }): void {
  if (a.R < 1) return;
  d.dispatch('finite_scan', {}, [a.ranges, a.x, a.out], [a.R]);
}

export interface FiniteStats {
  nonFinite: number;
  finite: number;
  /** Range of the finite values (null when there are none). */
  min: number | null;
  max: number | null;
}

/** Decodes result slot `slot` of a read-back result buffer. */
export function finiteStats(words: Uint32Array, slot: number): FiniteStats {
  const f = new Float32Array(words.buffer, words.byteOffset, words.length);
  const finite = words[slot * 4 + 3];
  return { nonFinite: words[slot * 4], finite, min: finite > 0 ? f[slot * 4 + 1] : null, max: finite > 0 ? f[slot * 4 + 2] : null };
}
