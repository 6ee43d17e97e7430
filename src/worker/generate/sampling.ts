/**
 * Choosing the next token from a model's output distribution on the CPU: temperature and top-k.
 *
 *   temperature t > 0: q_i ∝ p_i^(1/t)  (logits divided by t); t = 0 is greedy (argmax)
 *   top-k k > 0: only the k most probable ids stay (ties: lower id first); k = 0 keeps all;
 *                k = 1 is greedy whatever the temperature
 *
 * Only the first `allowed` ids are candidates (a vocabulary smaller than the model's output).
 */

export interface SamplingOptions {
  /** >= 0; 0 is greedy. */
  temperature: number;
  /** Whole number >= 0; 0 keeps every id. */
  topK: number;
}

/** A sentence saying what is wrong with the options, or null. */
export function samplingOptionsError(o: SamplingOptions): string | null {
  if (typeof o.temperature !== 'number' || !Number.isFinite(o.temperature) || o.temperature < 0) return `temperature must be a number >= 0 (0 is greedy), got ${o.temperature}`;
  if (!Number.isInteger(o.topK) || o.topK < 0) return `top-k must be a whole number >= 0 (0 keeps every character), got ${o.topK}`;
  return null;
}

/** Ids of the first `allowed` entries of `probs`, most probable first (ties: lower id first). */
function ranked(probs: ArrayLike<number>, allowed: number): number[] {
  const ids = Array.from({ length: allowed }, (_, i) => i);
  return ids.sort((a, b) => probs[b] - probs[a] || a - b);
}

/** The distribution the sampler draws from: [allowed] probabilities after top-k and temperature. */
export function samplingDistribution(probs: ArrayLike<number>, o: SamplingOptions, allowed = probs.length): Float64Array {
  const err = samplingOptionsError(o);
  if (err) throw new RangeError(err);
  if (!Number.isInteger(allowed) || allowed < 1 || allowed > probs.length) throw new RangeError(`allowed ids must be 1..${probs.length}, got ${allowed}`);
  const order = ranked(probs, allowed);
  const keep = o.topK === 0 ? order : order.slice(0, o.topK);
  const out = new Float64Array(allowed);
  if (o.temperature === 0 || keep.length === 1) {
    out[keep[0]] = 1;
    return out;
  }
  // Tempered in the log domain relative to the best kept id, so small temperatures do not underflow to 0/0.
  const top = Math.log(Math.max(probs[keep[0]], Number.MIN_VALUE));
  let sum = 0;
  for (const id of keep) {
    const p = probs[id];
    const w = p > 0 && Number.isFinite(p) ? Math.exp((Math.log(p) - top) / o.temperature) : 0;
    out[id] = w;
    sum += w;
  }
  if (!(sum > 0)) {
    out.fill(0);
    out[keep[0]] = 1;
    return out;
  }
  for (const id of keep) out[id] /= sum;
  return out;
}

/** One id drawn from samplingDistribution with `uniform` in [0, 1). */
export function sampleNext(probs: ArrayLike<number>, o: SamplingOptions, uniform: number, allowed = probs.length): number {
  const q = samplingDistribution(probs, o, allowed);
  let acc = 0;
  let last = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i] <= 0) continue;
    last = i;
    acc += q[i];
    if (uniform < acc) return i;
  }
  return last; // rounding left the sum a hair below 1
}
