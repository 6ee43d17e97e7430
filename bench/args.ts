/**
 * The bench's command line, parsed with node:util parseArgs (strict, like src/cli): an option that
 * needs a value never swallows the next option (`--only --quick` is an error, not `--only=--quick`),
 * and a bad option exits 2 with one line and the usage.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CASES, IMPLS, type Impl, type TfjsLoop } from './cases';

export interface Options {
  trials: number;
  quick: boolean;
  only: string[];
  impls: Impl[];
  targetMs: number;
  calibMs: number;
  timeoutS: number;
  tfjsLoop: TfjsLoop;
  matmulKernel: 'layer' | 'dense_forward';
  /** Our training loop's steps per submit: null, the trainer's own choice (Trainer.stepsPerSubmit); 1, one submit per step. */
  stepsPerSubmit: number | null;
  port: number;
  out: string;
  headed: boolean;
  pytorch: boolean;
  /** A preset id: print its per-layer step profile (bench/profile.ts) and exit, nothing else runs. */
  profile: string | null;
  /** Our side only, under Node (Dawn) on whatever adapter exists; no Chromium, no tfjs (bench/node.ts). */
  node: boolean;
  help: boolean;
}

export class UsageError extends Error {}

/** Vite's default port, which the bench never takes (a dev server may be running there). */
export const FORBIDDEN_PORT = 5173;

export function usage(): string {
  return (
    'usage: npm run bench -- [--quick] [--trials N] [--only CASE] [--impls ours,tfjs-webgpu,tfjs-wasm,tfjs-cpu] [--target-ms MS] [--timeout S] ' +
    '[--tfjs-loop minimal|trainOnBatch] [--matmul-kernel layer|dense_forward] [--steps-per-submit N|auto] [--port P] [--out FILE] [--headed] [--no-pytorch]\n' +
    '       npm run bench -- --node [--quick] [--trials N] [--only CASE] [--target-ms MS] [--out FILE]   (ours only, under Node on any WebGPU adapter)\n' +
    '       npm run bench -- --profile PRESET   (per-layer GPU time of one training step, then exit)\ncases: ' +
    CASES.map((c) => c.id).join(', ')
  );
}

function num(flag: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${flag} needs a number >= ${min} (got ${v ?? 'nothing'})`);
  return n;
}

export function parseBenchArgs(argv: string[], root: string): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        quick: { type: 'boolean' },
        trials: { type: 'string' },
        only: { type: 'string', multiple: true },
        impls: { type: 'string' },
        'target-ms': { type: 'string' },
        timeout: { type: 'string' },
        'tfjs-loop': { type: 'string' },
        'matmul-kernel': { type: 'string' },
        'steps-per-submit': { type: 'string' },
        port: { type: 'string' },
        out: { type: 'string' },
        headed: { type: 'boolean' },
        'no-pytorch': { type: 'boolean' },
        profile: { type: 'string' },
        node: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  // parseArgs takes `--only --quick` as the value "--quick": refuse values that look like options.
  for (const [k, v] of Object.entries(values)) {
    for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string' && s.startsWith('--')) throw new UsageError(`--${k} needs a value, got the option ${s}`);
  }
  const quick = values.quick ?? false;
  let impls: Impl[] = [...IMPLS];
  if (values.impls !== undefined) {
    const list = values.impls.split(',').filter(Boolean);
    for (const x of list) if (!(IMPLS as readonly string[]).includes(x)) throw new UsageError(`unknown impl ${x} (one of ${IMPLS.join(', ')})`);
    impls = IMPLS.filter((x) => list.includes(x));
  }
  const loop = values['tfjs-loop'] ?? 'minimal';
  if (loop !== 'minimal' && loop !== 'trainOnBatch') throw new UsageError('--tfjs-loop is minimal or trainOnBatch');
  const kernel = values['matmul-kernel'] ?? 'layer';
  if (kernel !== 'layer' && kernel !== 'dense_forward') throw new UsageError('--matmul-kernel is layer or dense_forward');
  const sps = values['steps-per-submit'];
  const stepsPerSubmit = sps === undefined || sps === 'auto' ? null : Math.floor(num('steps-per-submit', sps, 1));
  const port = values.port === undefined ? 5199 : Math.floor(num('port', values.port, 1024));
  return {
    trials: values.trials === undefined ? (quick ? 2 : 5) : Math.floor(num('trials', values.trials, 1)),
    quick,
    only: (values.only ?? []).flatMap((s) => s.split(',')).filter(Boolean),
    impls,
    targetMs: values['target-ms'] === undefined ? (quick ? 700 : 1500) : num('target-ms', values['target-ms'], 50),
    calibMs: quick ? 150 : 300,
    timeoutS: values.timeout === undefined ? 120 : num('timeout', values.timeout, 5),
    tfjsLoop: loop,
    matmulKernel: kernel,
    stepsPerSubmit,
    port: port === FORBIDDEN_PORT ? 5199 : port,
    out: values.out === undefined ? path.join(root, 'bench', 'results.json') : path.resolve(values.out),
    headed: values.headed ?? false,
    pytorch: !(values['no-pytorch'] ?? false),
    profile: values.profile ?? null,
    node: values.node ?? false,
    help: values.help ?? false,
  };
}
