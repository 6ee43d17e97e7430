/**
 * Wall-clock timing of GPU work: encode the same dispatches `n` times in one compute pass, submit,
 * wait for the queue, divide. The repeat count grows until one sample lasts `targetMs`, so the
 * fixed cost of a submission is spread thin; the result is the fastest of `samples` samples (noise
 * on a shared machine only ever adds time, so the minimum is the steadiest estimate of the cost).
 * Used by the autotuner (autotune.ts) and the tools that time kernels.
 */
import { withErrorScopes } from './errors';
import { encodeDispatches, type RecordedDispatch } from './recorded';

/** One recorded dispatch, ready to encode. */
export type EncodedDispatch = Pick<RecordedDispatch, 'pipeline' | 'bindGroup' | 'workgroups'>;

export interface TimingOptions {
  /** Aim for samples of at least this many milliseconds (default 4). */
  targetMs?: number;
  /** Samples to take the fastest of (default 5). */
  samples?: number;
  /** Never encode more repeats than this in one pass (default 256). */
  maxRepeats?: number;
  /** The clock (tests inject one); default performance.now. */
  now?: () => number;
  /** Stop sampling once a sample shows more than this many ms per run (a rival already beats it by far). */
  abandonAboveMs?: number;
}

export function encodeRepeated(encoder: GPUCommandEncoder, dispatches: readonly EncodedDispatch[], repeats: number): void {
  const pass = encoder.beginComputePass();
  for (let r = 0; r < repeats; r++) encodeDispatches(pass, dispatches);
  pass.end();
}

/**
 * Milliseconds from submitting `dispatches` (`repeats` times, one compute pass) to the queue
 * reporting them done; encoding happens before the clock starts. The profiler's prefixes use it too.
 */
export async function timeSubmitted(device: GPUDevice, dispatches: readonly EncodedDispatch[], repeats = 1, now: () => number = () => performance.now()): Promise<number> {
  const cmd = await withErrorScopes(device, 'timing', () => {
    const enc = device.createCommandEncoder();
    encodeRepeated(enc, dispatches, repeats);
    return enc.finish();
  });
  const t0 = now();
  device.queue.submit([cmd]);
  await device.queue.onSubmittedWorkDone();
  return now() - t0;
}


/** Milliseconds per run of `dispatches` (all of them once), the fastest sample. */
export async function timeDispatches(device: GPUDevice, dispatches: readonly EncodedDispatch[], opts: TimingOptions = {}): Promise<number> {
  const now = opts.now ?? (() => performance.now());
  const targetMs = opts.targetMs ?? 4;
  const maxRepeats = opts.maxRepeats ?? 256;
  await timeSubmitted(device, dispatches, 1, now); // warm: first-use costs (pipeline upload, page faults)
  let repeats = 1;
  let ms = await timeSubmitted(device, dispatches, repeats, now);
  while (ms < targetMs && repeats < maxRepeats) {
    repeats = Math.min(maxRepeats, repeats * Math.max(2, Math.ceil(targetMs / Math.max(ms, 0.05))));
    ms = await timeSubmitted(device, dispatches, repeats, now);
  }
  const samples = [ms];
  // A run far longer than the target is its own steady sample: one more, not `samples` more.
  const wanted = ms > 4 * targetMs ? Math.min(2, opts.samples ?? 5) : (opts.samples ?? 5);
  for (let i = 1; i < wanted && ms / repeats <= (opts.abandonAboveMs ?? Infinity); i++) samples.push(await timeSubmitted(device, dispatches, repeats, now));
  return Math.min(...samples) / repeats;
}
