/**
 * The benchmark's cases and the shape of one measurement, shared by the page (bench/page.ts) and
 * the Node harness (bench/run.ts). No imports: both sides load this file.
 */

export const IMPLS = ['ours', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type Impl = (typeof IMPLS)[number];

export interface TrainCase {
  id: string;
  kind: 'train';
  preset: string;
  batch: number;
  /** Replaces the preset's Input shape (e.g. a longer sequence); the rest of the spec is the preset's. */
  inputShape?: number[];
  /** Dataset rows (a multiple of the batch); default: at least 4096 and 64 batches, capped at 64 MB. */
  rows?: number;
  /** Per-trial timeout floor in seconds for slow cases (the harness takes the larger of this and --timeout). */
  timeoutS?: number;
  /**
   * Our engine only: time the loop with the layer-statistics probe sampling every this many steps
   * against the same loop with it off, side by side (bench/stats-case.ts); the result is the "on"
   * throughput with the ratio in its notes.
   */
  statsEvery?: number;
}

/**
 * The app's default sampling interval of the Distributions and Layer health views
 * (src/ui/components/inside/stats/stats-feed.ts EVERY_DEFAULT), the more frequent of the two
 * defaults (the CLI's --stats-every is 50); this file imports nothing.
 */
export const STATS_EVERY_DEFAULT = 20;

/**
 * Scaled dot-product attention forward + backward (dQ, dK, dV for a fixed upstream dO) on
 * Q, K, V of `batch` x `heads` x T x `headDim`, no mask: our fused kernels (bench/attention-case.ts)
 * against the same computation from tfjs ops (bench/tfjs-attention.ts).
 */
export interface AttentionCase {
  id: string;
  kind: 'attention';
  T: number;
  batch: number;
  heads: number;
  headDim: number;
  timeoutS?: number;
}

/** n x n x n matmul; `nodeOnly`: only in `--node` runs (too slow for the CPU backends in a page). */
export interface MatmulCase {
  id: string;
  kind: 'matmul';
  n: number;
  timeoutS?: number;
  nodeOnly?: boolean;
}

export type BenchCase = TrainCase | MatmulCase | AttentionCase;

/**
 * Presets 1, 2 and 7 at batch 32 and 256; the spiral MLP and preset 8 (bag-of-words) at batch 32; the CNN presets 3 and 4 and cnn-bn, the SimpleRNN preset 5, the LSTM preset 6 (at
 * T = 100 tokens instead of the preset's 64), the LSTM(256) preset 9 (as is: T = 40) and the
 * Transformer preset 10a (as is: T = 40) and the Conv1D text classifier (T = 40) at batch 32 on
 * small datasets; then square matmuls (4096
 * only under --node, for real GPUs) and attention forward + backward at T = 64, 128, 256 (batch 32, 4 heads of 16).
 */
export const CASES: readonly BenchCase[] = [
  ...['mlp-100', 'mlp-1000', 'regression'].flatMap((preset) =>
    [32, 256].map((batch): BenchCase => ({ id: `${preset}/b${batch}`, kind: 'train', preset, batch })),
  ),
  // The spiral MLP (2-16-16-2, Adam): a tiny model, where fixed per-step costs dominate (#18 item 3).
  { id: 'spiral-mlp/b32', kind: 'train', preset: 'spiral-mlp', batch: 32 },
  // Preset 8: bag-of-words 1000-100-10 with SGD (wide input like preset 2).
  { id: 'bow-text/b32', kind: 'train', preset: 'bow-text', batch: 32 },
  { id: 'cnn/b32', kind: 'train', preset: 'cnn', batch: 32, rows: 1024, timeoutS: 240 },
  { id: 'cnn-2conv/b32', kind: 'train', preset: 'cnn-2conv', batch: 32, rows: 1024, timeoutS: 240 },
  { id: 'cnn-bn/b32', kind: 'train', preset: 'cnn-bn', batch: 32, rows: 1024, timeoutS: 300 },
  // Preset 5: SimpleRNN(64, relu) over 100 steps (its global-norm clipping is ours only: tfjs has none).
  { id: 'rnn-waves/b32', kind: 'train', preset: 'rnn-waves', batch: 32, rows: 256, timeoutS: 420 },
  { id: 'lstm-topics-t100/b32', kind: 'train', preset: 'lstm-topics', batch: 32, inputShape: [100], rows: 256, timeoutS: 420 },
  { id: 'lstm-sentiment/b32', kind: 'train', preset: 'lstm-sentiment', batch: 32, rows: 256, timeoutS: 600 },
  { id: 'transformer-sentiment/b32', kind: 'train', preset: 'transformer-sentiment', batch: 32, rows: 256, timeoutS: 420 },
  { id: 'conv1d-text/b32', kind: 'train', preset: 'conv1d-text', batch: 32, rows: 1024, timeoutS: 240 },
  // The cost of the layer statistics at their default rate: ours with sampling on vs off.
  { id: 'mlp-100/b32+stats', kind: 'train', preset: 'mlp-100', batch: 32, statsEvery: STATS_EVERY_DEFAULT },
  { id: 'cnn/b32+stats', kind: 'train', preset: 'cnn', batch: 32, rows: 1024, timeoutS: 600, statsEvery: STATS_EVERY_DEFAULT },
  ...[256, 512, 1024].map((n): BenchCase => ({ id: `matmul-${n}`, kind: 'matmul', n })),
  // tfjs-cpu takes about 20 s per 2048 matmul on the 2-core machine.
  { id: 'matmul-2048', kind: 'matmul', n: 2048, timeoutS: 300 },
  { id: 'matmul-4096', kind: 'matmul', n: 4096, timeoutS: 300, nodeOnly: true },
  ...[64, 128, 256].map((T): BenchCase => ({ id: `attention-t${T}`, kind: 'attention', T, batch: 32, heads: 4, headDim: 16, timeoutS: T >= 256 ? 300 : 180 })),
];

/** The model a train case trains: the preset's spec with the case's Input shape, if it sets one. */
export function caseSpec<S extends { layers: readonly { type: string }[] }>(c: TrainCase, spec: S): S {
  const shape = c.inputShape;
  if (!shape) return spec;
  return { ...spec, layers: spec.layers.map((l) => (l.type === 'Input' ? { ...l, shape: [...shape] } : l)) };
}

export function findCase(id: string): BenchCase | undefined {
  return CASES.find((c) => c.id === id);
}

/** How the tfjs training loop is driven: the body of trainOnBatch without its per-step loss read, or trainOnBatch itself. */
export type TfjsLoop = 'minimal' | 'trainOnBatch';

/** Query string of one page run (everything is a string in the URL). */
export interface PageParams {
  impl: Impl | 'info';
  case: string;
  /** Target duration of the timed phase, ms. */
  targetMs: number;
  /** Duration the calibration phase grows to before the timed phase, ms. */
  calibMs: number;
  tfjsLoop: TfjsLoop;
  /** Our matmul kernel: the one the Dense layer emits ('layer') or the scalar dense_forward. */
  kernel: 'layer' | 'dense_forward';
  /** Our training loop's steps per submit (null: the trainer's own choice). */
  stepsPerSubmit?: number | null;
}

/** What a page publishes on window.__benchResult. */
export interface BenchResult {
  impl: Impl;
  case: string;
  kind: BenchCase['kind'];
  /** 'samples/s' for training and attention (a sample: one sequence through forward + backward), 'GFLOP/s' for matmul. */
  unit: string;
  throughput: number;
  /** Steps (training steps or matmuls) in the timed phase and its wall time. */
  steps: number;
  seconds: number;
  msPerStep: number;
  /** Compute dispatches counted by the page hook during the timed phase (0 on the CPU backend). */
  dispatches: number;
  dispatchesPerStep: number;
  /** Queue submits and buffer maps (GPU-to-CPU reads) per step in the timed phase. */
  submitsPerStep: number;
  mapsPerStep: number;
  /** Our schedule's own count (Trainer.dispatchesPerStep); null for tfjs and for matmul. */
  scheduleDispatchesPerStep: number | null;
  warmupSteps: number;
  calibrationSteps: number;
  /** Extra facts (dataset rows, backend name, tensor leak check, kernel check...). */
  notes: Record<string, string | number | boolean | null>;
}

export interface AdapterInfoResult {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean | null;
  features: string[];
  limits: Record<string, number>;
  userAgent: string;
  hardwareConcurrency: number;
}
