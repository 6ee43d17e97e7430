/**
 * Launchers of stats.wgsl: per-tensor statistics over segments of one f32 buffer (moments,
 * histogram, dead / saturated unit counts, update size), one workgroup per tensor of a table
 * built once by `statsTable` / `unitsTable`. Also the slot layouts the caller reads back.
 */
import type { Binding, Dispatcher } from '../dispatch';

/** Histogram bins (the WGSL's BINS constant). */
export const STATS_BINS = 32;
/** Floats per moments slot: [min, max, mean, m2, n (u32 bits), nonFinite (u32 bits), 0, 0]. */
export const MOMENT_WORDS = 8;
/** Words per histogram slot: BINS counts (u32), BINS + 1 edges (f32 bits), padding. */
export const HIST_WORDS = 68;
/** Floats per update slot: [Σ (p - before)², Σ before², 0, 0]. */
export const UPDATE_WORDS = 4;

/** One tensor: its (offset, count) segments of a buffer, in floats, and its output slot. */
export interface StatsTensor {
  segments: [number, number][];
  slot: number;
}

/** The u32 table of stats_reduce / stats_histogram / stats_update for these tensors. */
export function statsTable(tensors: StatsTensor[]): Uint32Array {
  const words = [...new Array<number>(4 * tensors.length).fill(0)];
  tensors.forEach((t, i) => {
    words[4 * i] = words.length;
    words[4 * i + 1] = t.segments.length;
    words[4 * i + 2] = t.slot;
    for (const [off, count] of t.segments) words.push(off, count);
  });
  return Uint32Array.from(words);
}

/** One activation viewed as [rows, units] at `offset` floats, and its output slot. */
export interface UnitsTensor {
  offset: number;
  rows: number;
  units: number;
  slot: number;
}

export function unitsTable(tensors: UnitsTensor[]): Uint32Array {
  return Uint32Array.from(tensors.flatMap((t) => [t.offset, t.rows, t.units, t.slot]));
}

/** What stats_units counts: units never > 0 (dead ReLU), |y| > 0.97 (tanh), y outside [0.03, 0.97] (sigmoid). */
export type UnitsMode = 'dead' | 'tanh' | 'sigmoid';
const UNITS_MODE: Record<UnitsMode, number> = { dead: 0, tanh: 1, sigmoid: 2 };

/** moments[slot] for each of `tensors` tensors of `table`: exactly `tensors` workgroups. */
export function statsReduce(d: Dispatcher, a: { tensors: number; src: Binding; table: Binding; moments: Binding }): void {
  d.dispatch('stats_reduce', { TENSORS: a.tensors }, [a.src, a.table, a.moments], [a.tensors]);
}

/** hist[slot] between the min and max that statsReduce left in moments[slot] (same table). */
export function statsHistogram(d: Dispatcher, a: { tensors: number; src: Binding; table: Binding; moments: Binding; hist: Binding }): void {
  d.dispatch('stats_histogram', { TENSORS: a.tensors }, [a.src, a.table, a.moments, a.hist], [a.tensors]);
}

/** units[slot] = the count `mode` asks for, over each tensor of a unitsTable. */
export function statsUnits(d: Dispatcher, a: { tensors: number; mode: UnitsMode; src: Binding; table: Binding; units: Binding }): void {
  d.dispatch('stats_units', { TENSORS: a.tensors, MODE: UNITS_MODE[a.mode] }, [a.src, a.table, a.units], [a.tensors]);
}

/** update[slot] = [Σ (p - before)², Σ before²] over each tensor's segments. */
export function statsUpdate(d: Dispatcher, a: { tensors: number; params: Binding; before: Binding; table: Binding; update: Binding }): void {
  d.dispatch('stats_update', { TENSORS: a.tensors }, [a.params, a.before, a.table, a.update], [a.tensors]);
}
