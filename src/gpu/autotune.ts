/**
 * The autotuner: for each tunable kernel call (a TuneRequest from a launcher: its shape as a key,
 * its interchangeable variants, a deterministic fallback), time every variant on this adapter once,
 * keep the fastest, and remember it in a store (IndexedDB in the browser, a JSON file under Node)
 * under the adapter's identity, so later runs pay nothing. Without a tuner, or with timing off, or
 * for a call not yet measured in 'cached' mode, the launcher's fallback runs.
 *
 * The compiler asks `choose` while it emits a schedule; unknown calls are queued, `tunePending`
 * measures them (writing only buffers the schedule itself overwrites every step), and the compiler
 * emits again with the winners.
 */
import type { Dispatcher, TuneRequest } from '../kernels/dispatch';
import { timeDispatches, type EncodedDispatch, type TimingOptions } from './gpu-timing';
import type { PipelineCache } from './pipelines';
import { DispatchRecorder, recordDispatches } from './recorded';

/** Bumped when a kernel's variants change, so stale winners are not reused. */
export const TUNE_VERSION = 2;

/** 'measure': time unknown calls; 'cached': use stored winners only; 'off': always the fallback. */
export type TuneMode = 'measure' | 'cached' | 'off';

/** Where winners persist: one flat record of `<adapter scope>|<call key>` -> variant. */
export interface TuneStore {
  load(): Promise<Record<string, string>>;
  save(entries: Record<string, string>): Promise<void>;
}

export class MemoryTuneStore implements TuneStore {
  entries: Record<string, string> = {};
  async load(): Promise<Record<string, string>> {
    return { ...this.entries };
  }
  async save(entries: Record<string, string>): Promise<void> {
    this.entries = { ...entries };
  }
}

/** A CPU implementation of WebGPU (SwiftShader, llvmpipe/lavapipe, WARP) or a fallback adapter. */
export function isCpuAdapter(info: Partial<Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'>> & { isFallback?: boolean }): boolean {
  if (info.isFallback) return true;
  return /swiftshader|llvmpipe|lavapipe|softpipe|\bwarp\b|microsoft basic render/i.test([info.vendor, info.architecture, info.device, info.description].join(' '));
}

/** The adapter's identity as a cache scope: winners measured on one GPU never steer another. */
export function adapterScope(info: Partial<Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'>>): string {
  return `v${TUNE_VERSION}:${[info.vendor, info.architecture, info.device, info.description].map((s) => s || '-').join('/')}`;
}

/** One measured call: each variant's milliseconds per run, and the winner. */
export interface TuneResult {
  key: string;
  winner: string;
  ms: Record<string, number>;
}

/** Times one variant's dispatches (ms per run); replaced in tests. */
export type VariantTimer = (device: GPUDevice, dispatches: readonly EncodedDispatch[], opts?: TimingOptions) => Promise<number>;

const MAX_ENTRIES = 10_000;

/**
 * A stored record as read back from an untrusted place (a file, IndexedDB): anything but a flat
 * object of short strings (at most 10,000 entries) reads as empty, so damage costs one re-tune.
 * An entry is still used only if it names a variant of the request that asks for it.
 */
export function tuneRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length > MAX_ENTRIES) return {};
  const out: Record<string, string> = {};
  for (const [k, s] of entries) if (k.length < 512 && typeof s === 'string' && s.length > 0 && s.length < 64) out[k] = s;
  return out;
}

/** The newest `MAX_ENTRIES` entries of a record to save. */
export const boundedRecord = (r: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(r).slice(-MAX_ENTRIES));

export class Autotuner {
  private readonly winners = new Map<string, string>();
  private readonly pending = new Map<string, TuneRequest>();
  /** Every call measured by this tuner (for reports and tests). */
  readonly results: TuneResult[] = [];

  private constructor(
    readonly scope: string,
    readonly mode: TuneMode,
    /** Leave out every request's gpuOnly variants (a CPU adapter). */
    readonly cpu: boolean,
    private readonly store: TuneStore | null,
    private readonly timer: VariantTimer,
    private readonly timing: TimingOptions,
    /** Wall time one call may spend on timing its variants (ms). */
    readonly budgetMs: number,
    /** Wall time one compile may spend on tuning (ms). */
    readonly compileBudgetMs: number,
  ) {}

  static async open(
    scope: string,
    mode: TuneMode,
    store: TuneStore | null,
    opts: { timer?: VariantTimer; timing?: TimingOptions; cpu?: boolean; budgetMs?: number; compileBudgetMs?: number } = {},
  ): Promise<Autotuner> {
    const t = new Autotuner(scope, mode, opts.cpu ?? false, store, opts.timer ?? timeDispatches, opts.timing ?? { targetMs: 3, samples: 4 }, opts.budgetMs ?? 400, opts.compileBudgetMs ?? 1500);
    if (store && mode !== 'off') {
      // An unreadable store is an empty one: tuning runs again.
      const saved = tuneRecord(await store.load().catch(() => ({})));
      const prefix = `${scope}|`;
      for (const [k, v] of Object.entries(saved)) if (k.startsWith(prefix)) t.winners.set(k.slice(prefix.length), v);
    }
    return t;
  }

  /** A tuner for this adapter: its scope, and CPU adapters never offered the gpuOnly variants. */
  static forAdapter(adapter: Parameters<typeof isCpuAdapter>[0], mode: TuneMode, store: TuneStore | null, budgets: { budgetMs?: number; compileBudgetMs?: number } = {}): Promise<Autotuner> {
    return Autotuner.open(adapterScope(adapter), mode, store, { cpu: isCpuAdapter(adapter), ...budgets });
  }

  /** The variants this adapter may run. */
  candidates(req: TuneRequest): readonly string[] {
    return this.cpu && req.gpuOnly ? req.variants.filter((v) => v === req.fallback || !req.gpuOnly!.includes(v)) : req.variants;
  }

  /** The variant to emit now: the known winner, else the fallback (queued for measuring in 'measure' mode). */
  choose(req: TuneRequest): string {
    const variants = this.candidates(req);
    if (this.mode === 'off' || variants.length < 2) return req.fallback;
    const w = this.winners.get(req.key);
    if (w !== undefined && variants.includes(w)) return w;
    if (this.mode === 'measure' && !this.pending.has(req.key)) this.pending.set(req.key, req);
    return req.fallback;
  }

  /** The winner recorded for `key`, if any. */
  winner(key: string): string | undefined {
    return this.winners.get(key);
  }

  /** Forgets queued calls (their buffers may not outlive the compile that queued them). */
  dropPending(): void {
    this.pending.clear();
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /**
   * Times one request's variants, the fallback first, and keeps the fastest (ties: the earlier
   * one). Once `budgetMs` of wall time is spent the remaining variants are skipped: on a CPU
   * adapter a big model's kernels take 100 ms a run, and trying every variant would cost the first
   * build tens of seconds; the fallback is then kept unless a tried rival beat it.
   */
  async tune(device: GPUDevice, pipelines: PipelineCache, req: TuneRequest): Promise<TuneResult> {
    const ms: Record<string, number> = {};
    let winner: string;
    const start = performance.now();
    const order = [req.fallback, ...this.candidates(req).filter((v) => v !== req.fallback)];
    const restore = preserveBuffers(device, req.preserve ?? []);
    try {
      winner = await this.timeVariants(device, pipelines, req, order, ms, start);
    } finally {
      restore();
    }
    this.winners.set(req.key, winner);
    const result = { key: req.key, winner, ms };
    this.results.push(result);
    return result;
  }

  /** Times `order` (the fallback first) into `ms` while the call's budget lasts; returns the fastest. */
  private async timeVariants(device: GPUDevice, pipelines: PipelineCache, req: TuneRequest, order: string[], ms: Record<string, number>, start: number): Promise<string> {
    let winner = req.fallback;
    let best = Infinity;
    for (const v of order) {
      if (v !== req.fallback && performance.now() - start > this.budgetMs) break;
      const rec = new DispatchRecorder((id) => `tune:${id}`);
      req.emit(rec satisfies Dispatcher, v);
      const ds = await recordDispatches(device, pipelines, rec.pending, `tuning ${req.key} as ${v}`);
      // A variant twice as slow as the best so far in its first sample is not sampled again (big models tune in a fraction of the time).
      const t = await this.timer(device, ds, { ...this.timing, abandonAboveMs: 2 * best });
      ms[v] = t;
      if (t < best) {
        best = t;
        winner = v;
      }
    }
    return winner;
  }

  /**
   * Measures the queued calls, then saves all winners (a failing store keeps them in memory only).
   * At most `compileBudgetMs` per compile: calls left over keep their fallback this time and are
   * measured by the next compile that meets them, so a first build never waits long.
   */
  async tunePending(device: GPUDevice, pipelines: PipelineCache): Promise<TuneResult[]> {
    const reqs = [...this.pending.values()];
    this.pending.clear();
    const out: TuneResult[] = [];
    const start = performance.now();
    for (const r of reqs) {
      if (out.length > 0 && performance.now() - start > this.compileBudgetMs) break;
      out.push(await this.tune(device, pipelines, r));
    }
    if (this.store && out.length > 0) {
      const all = tuneRecord(await this.store.load().catch(() => ({})));
      for (const [k, v] of this.winners) all[`${this.scope}|${k}`] = v;
      await this.store.save(boundedRecord(all)).catch(() => undefined);
    }
    return out;
  }
}

/** Copies `buffers` aside now; the returned function copies them back (queued before any later submit) and frees the copies. */
function preserveBuffers(device: GPUDevice, buffers: readonly GPUBuffer[]): () => void {
  if (buffers.length === 0) return () => undefined;
  const copies = buffers.map((b) => device.createBuffer({ label: `tune:keep:${b.label}`, size: b.size, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST }));
  const copy = (from: GPUBuffer[], to: GPUBuffer[]) => {
    const enc = device.createCommandEncoder();
    from.forEach((b, i) => enc.copyBufferToBuffer(b, 0, to[i], 0, b.size));
    device.queue.submit([enc.finish()]);
  };
  copy([...buffers], copies);
  return () => {
    copy(copies, [...buffers]);
    for (const c of copies) c.destroy();
  };
}
