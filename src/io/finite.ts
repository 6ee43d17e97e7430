/**
 * Finiteness of weights taken in from outside (run directories, optimizer-state files, project
 * files): one check that every value is a finite number, reporting each tensor that is not with
 * its count of NaN / infinite values, so no path stores or exports NaN weights.
 */

/** Index of the first NaN or infinite value, or -1 when all are finite. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** How many values are NaN or infinite. */
export function countNonFinite(values: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) n++;
  return n;
}

export interface NonFiniteTensor {
  name: string;
  count: number;
  total: number;
  /** Index of the first bad value. */
  first: number;
}

/** Every tensor holding a NaN or infinite value, in the order given. */
export function nonFiniteTensors(tensors: Iterable<readonly [string, ArrayLike<number>]>): NonFiniteTensor[] {
  const out: NonFiniteTensor[] = [];
  for (const [name, data] of tensors) {
    const first = firstNonFinite(data);
    if (first >= 0) out.push({ name, count: countNonFinite(data), total: data.length, first });
  }
  return out;
}

export class NonFiniteWeightsError extends Error {
  constructor(
    readonly what: string,
    readonly tensors: NonFiniteTensor[],
  ) {
    const list = tensors.map((t) => `"${t.name}" has ${t.count} of ${t.total} values NaN or infinite (first at index ${t.first})`).join('; ');
    super(`${what} holds non-finite values: ${list}`);
    this.name = 'NonFiniteWeightsError';
  }
}

/** Throws NonFiniteWeightsError naming each tensor of `what` that holds a NaN or infinite value. */
export function assertFiniteWeights(what: string, tensors: Iterable<readonly [string, ArrayLike<number>]>): void {
  const bad = nonFiniteTensors(tensors);
  if (bad.length > 0) throw new NonFiniteWeightsError(what, bad);
}
