/**
 * `npm run bench [-- options]`: our engine vs TensorFlow.js 4.22 (webgpu, wasm and cpu backends) in
 * the same headless Chromium. Starts its own Vite server (never port 5173), opens bench/index.html in
 * a fresh browser context per trial, alternates implementations (A B C A B C ...) within each
 * case, reports medians and ratios, and writes everything to bench/results.json.
 *
 * Options:
 *   --trials N        trials per implementation and case (default 5; --quick: 2)
 *   --quick           fewer and shorter trials (smoke run)
 *   --only S          only cases whose id contains S (repeatable, or comma-separated)
 *   --impls a,b       subset of ours,tfjs-webgpu,tfjs-wasm,tfjs-cpu
 *   --node            our side only, under Node (Dawn) on whatever adapter exists, no Chromium (bench/node.ts)
 *   --target-ms MS    length of each timed run (default 1500; --quick: 700)
 *   --timeout S       per-trial timeout in seconds (default 120; slow cases set a higher floor in cases.ts)
 *   --no-pytorch      skip the PyTorch CPU row (bench/torch_bench.py)
 *   --tfjs-loop L     minimal (default: trainOnBatch's body without its per-step loss read) or trainOnBatch
 *   --matmul-kernel K layer (default: the kernel our Dense layer emits) or dense_forward (the scalar kernel)
 *   --steps-per-submit N  our training steps per queue submit (default auto: the trainer's choice; 1: one per step)
 *   --port P          first port to try for Vite (default 5199; 5173 is never used)
 *   --out FILE        JSON output (default bench/results.json)
 *   --headed          show the browser (debugging)
 * Env: CHROMIUM_PATH (default /usr/bin/chromium); BENCH_PYTHON, the Python with torch for the
 * PyTorch row (default .venv/bin/python when it exists, else python3; `bash scripts/py-venv.sh`
 * makes .venv). Without torch the row is skipped with a printed reason.
 *
 * Exit code: 0 when the harness ran (even if some trials failed; they are reported), 1 when the
 * harness itself failed (Vite, browser launch), 2 on bad options, 130 on interrupt.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { parseBenchArgs, usage, UsageError, type Options } from './args';
import type { ViteDevServer } from 'vite';
import { CASES, type AdapterInfoResult, type BenchResult, type Impl } from './cases';
import { fmtDisp, fmtNum, median, peakLines, summarize, table, type CaseReport } from './report';
import { findTorchPython, runTorch, type TorchResult, type TorchRow } from './torch-row';
import { startVite } from './vite-server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Counts real GPU work from the page: compute dispatches, queue submits and buffer maps (GPU-to-CPU
 * reads). Installed before any page script runs.
 */
const GPU_COUNTER_HOOK = `(() => {
  const c = (window.__gpuCounts = { dispatches: 0, submits: 0, maps: 0 });
  const wrap = (cls, name, key) => {
    const P = typeof cls === 'function' ? cls.prototype : null;
    const orig = P && P[name];
    if (typeof orig !== 'function') return;
    P[name] = function (...args) { c[key]++; return orig.apply(this, args); };
  };
  if (typeof GPUComputePassEncoder === 'undefined') return;
  wrap(GPUComputePassEncoder, 'dispatchWorkgroups', 'dispatches');
  wrap(GPUComputePassEncoder, 'dispatchWorkgroupsIndirect', 'dispatches');
  wrap(GPUQueue, 'submit', 'submits');
  wrap(GPUBuffer, 'mapAsync', 'maps');
})();`;

// ------------------------------------------------------------------ infrastructure

async function launchBrowser(headed: boolean): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: !headed,
    args: CHROMIUM_ARGS,
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

type PageOutcome<T> = { ok: true; value: T; seconds: number } | { ok: false; error: string; seconds: number };

class Harness {
  private browser: Browser | null = null;
  constructor(
    readonly origin: string,
    readonly opts: Options,
  ) {}

  async ensureBrowser(): Promise<Browser> {
    if (this.browser && this.browser.isConnected()) return this.browser;
    if (this.browser) await this.browser.close().catch(() => {});
    this.browser = await launchBrowser(this.opts.headed);
    return this.browser;
  }

  get browserVersion(): string {
    return this.browser?.version() ?? '';
  }

  /** Loads the bench page with `query` in a fresh context and waits for its result or error. */
  async runPage<T>(query: Record<string, string>, timeoutS = this.opts.timeoutS): Promise<PageOutcome<T>> {
    const t0 = Date.now();
    const browser = await this.ensureBrowser();
    const url = `${this.origin}/bench/index.html?${new URLSearchParams(query).toString()}`;
    const timeoutMs = timeoutS * 1000;
    const context = await browser.newContext();
    const problems: string[] = [];
    let lastStatus = '';
    try {
      await context.addInitScript({ content: GPU_COUNTER_HOOK });
      const page = await context.newPage();
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
      page.on('crash', () => problems.push('page crashed'));
      const work = (async () => {
        await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
        const handle = await page.waitForFunction(
          () => (window.__benchResult ? { result: window.__benchResult } : window.__benchError ? { error: window.__benchError } : null),
          undefined,
          { timeout: timeoutMs, polling: 250 },
        );
        return (await handle.jsonValue()) as { result?: T; error?: string };
      })();
      let v: { result?: T; error?: string };
      try {
        v = await withTimeout(work, timeoutMs, 'trial');
      } catch (e) {
        lastStatus = await withTimeout(page.evaluate(() => window.__benchStatus ?? ''), 1000, 'status').catch(() => 'busy');
        throw e;
      }
      const seconds = (Date.now() - t0) / 1000;
      if (v.error !== undefined) return { ok: false, error: v.error + extra(problems), seconds };
      return { ok: true, value: v.result as T, seconds };
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      return { ok: false, error: `${msg}${lastStatus ? ` (page status: ${lastStatus})` : ''}${extra(problems)}`, seconds: (Date.now() - t0) / 1000 };
    } finally {
      await withTimeout(context.close(), 15_000, 'closing the context').catch(async () => {
        // A context that will not close means a wedged browser: start a new one for the next trial.
        await this.browser?.close().catch(() => {});
        this.browser = null;
      });
    }
  }

  async close(): Promise<void> {
    if (this.browser) await withTimeout(this.browser.close(), 15_000, 'closing the browser').catch(() => {});
    this.browser = null;
  }
}

function extra(problems: string[]): string {
  const uniq = [...new Set(problems)].slice(0, 3);
  return uniq.length ? ` [${uniq.join(' | ')}]` : '';
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  let opts: Options;
  try {
    opts = parseBenchArgs(process.argv.slice(2), ROOT);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`bench: ${e.message}\n${usage()}`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    console.log(usage());
    return 0;
  }
  if (opts.profile !== null) {
    // The engine imports WGSL with ?raw: the loader goes in before the profile (and the engine) load.
    const loader = '../scripts/register-raw.mjs';
    await import(loader);
    const { runProfile } = await import('./profile');
    return runProfile(opts.profile);
  }
  if (opts.node) {
    const loader = '../scripts/register-raw.mjs';
    await import(loader);
    const { runNodeBench } = await import('./node');
    return runNodeBench(opts);
  }
  // Node-only cases (matmul 4096) are for real GPUs under --node.
  const cases = CASES.filter((c) => !(c.kind === 'matmul' && c.nodeOnly) && (!opts.only.length || opts.only.some((s) => c.id.includes(s))));
  if (!cases.length) {
    console.error(`bench: no case matches --only ${opts.only.join(',')} (cases: ${CASES.map((c) => c.id).join(', ')})`);
    return 1;
  }

  let vite: ViteDevServer | null = null;
  let harness: Harness | null = null;
  const cleanup = async () => {
    await harness?.close();
    await vite?.close().catch(() => {});
  };
  let interrupted = false;
  const onSignal = (sig: string) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    console.error(`\nbench: ${sig}, closing the browser and Vite...`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  try {
    const started = Date.now();
    const v = await startVite(ROOT, opts.port);
    vite = v.server;
    console.log(`bench: Vite on ${v.origin}; ${cases.length} case(s) x ${opts.impls.length} impl(s) x ${opts.trials} trial(s), ~${opts.targetMs} ms timed per trial${opts.quick ? ' (quick)' : ''}, tfjs loop: ${opts.tfjsLoop}`);
    harness = new Harness(v.origin, opts);
    await harness.ensureBrowser();
    const chromiumVersion = harness.browserVersion;

    const info = await harness.runPage<AdapterInfoResult>({ impl: 'info' });
    if (info.ok) {
      const a = info.value;
      console.log(`bench: Chromium ${chromiumVersion}; adapter: ${[a.vendor, a.architecture, a.device, a.description].filter(Boolean).join(' / ')}${a.isFallbackAdapter ? ' (fallback)' : ''}; ${a.hardwareConcurrency} CPU threads`);
    } else {
      console.log(`bench: Chromium ${chromiumVersion}; ! no adapter info: ${info.error}`);
    }

    let torchRow: TorchRow = { ok: false, reason: 'disabled by --no-pytorch' };
    if (opts.pytorch && cases.some((c) => c.kind === 'train' || c.kind === 'matmul')) {
      torchRow = findTorchPython();
      console.log(torchRow.ok ? `bench: PyTorch ${torchRow.version} via ${torchRow.python}` : `bench: no PyTorch row: ${torchRow.reason}`);
    }

    const reports: CaseReport[] = [];
    let failures = 0;
    for (const c of cases) {
      const timeoutS = Math.max(opts.timeoutS, c.timeoutS ?? 0);
      const samples: Partial<Record<Impl, BenchResult[]>> = {};
      const errors: CaseReport['errors'] = [];
      for (let trial = 1; trial <= opts.trials; trial++) {
        // A statistics case measures our engine against itself (stats-case.ts).
        for (const impl of opts.impls.filter((i) => !(c.kind === 'train' && c.statsEvery) || i === 'ours')) {
          const out = await harness.runPage<BenchResult>({
            impl,
            case: c.id,
            targetMs: String(opts.targetMs),
            calibMs: String(opts.calibMs),
            tfjsLoop: opts.tfjsLoop,
            kernel: opts.matmulKernel,
            ...(opts.stepsPerSubmit ? { stepsPerSubmit: String(opts.stepsPerSubmit) } : {}),
          }, timeoutS);
          const tag = `${c.id.padEnd(16)} ${impl.padEnd(11)} trial ${trial}/${opts.trials}`;
          if (out.ok) {
            const r = out.value;
            (samples[impl] ??= []).push(r);
            console.log(
              `  ${tag}: ${fmtNum(r.throughput, r.unit)} ${r.unit}  (${r.steps} steps in ${r.seconds.toFixed(2)} s, ${r.msPerStep.toFixed(2)} ms/step, ${fmtDisp(r.dispatchesPerStep)} disp, ${fmtDisp(r.submitsPerStep)} submits, ${fmtDisp(r.mapsPerStep)} reads per step; page ${out.seconds.toFixed(1)} s)`,
            );
          } else {
            failures++;
            errors.push({ impl, trial, error: out.error });
            console.log(`  ${tag}: ! FAILED after ${out.seconds.toFixed(1)} s: ${out.error}`);
          }
        }
      }
      let torch: TorchResult | null = null;
      let torchSkipped: string | null = c.kind !== 'attention' ? (torchRow.ok ? null : torchRow.reason) : 'train and matmul cases only';
      if (c.kind === 'train' && c.statsEvery) torchSkipped = 'ours with statistics on vs off';
      else if (c.kind !== 'attention' && torchRow.ok) {
        const t0 = Date.now();
        torch = await runTorch(torchRow.python, c, opts, timeoutS);
        const tag = `${c.id.padEnd(16)} ${'pytorch'.padEnd(11)} ${opts.trials} run(s)`;
        if (torch.ok && torch.gflops !== undefined) {
          console.log(`  ${tag}: ${fmtNum(torch.gflops, 'GFLOP/s')} GFLOP/s torch.mm  (${torch.steps} matmuls per run, ${torch.threads} threads; ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        } else if (torch.ok) {
          console.log(`  ${tag}: ${fmtNum(torch.samplesPerSec, 'samples/s')} samples/s  (${torch.steps} steps per run, ${torch.msPerStep?.toFixed(2)} ms/step, ${torch.threads} threads; ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        } else {
          torchSkipped = torch.error ?? 'failed';
          console.log(`  ${tag}: ! FAILED: ${torchSkipped}`);
        }
      }
      reports.push(summarize(c, samples, errors, torch, torchSkipped));
    }

    const minutes = (Date.now() - started) / 60000;
    console.log('');
    console.log(table(reports));
    console.log('');
    console.log('Medians over trials; ± is half the range over the median. Ratios are throughput ours / other (>1: ours faster).\npytorch-cpu: bench/torch_bench.py, plain PyTorch on the CPU, (Nt) = torch.get_num_threads(); train cases, and torch.mm for the matmul rows.');
    console.log('mem: peak GPU memory, ours = the model\'s buffer arena (live bytes, dataset included), tfjs-webgpu = peak tf.memory().numBytes over one step (tf.profile; dataset tensors included).');
    const wasmRuns = reports.flatMap((r) => r.samples['tfjs-wasm'] ?? []);
    if (wasmRuns.length) {
      const n = wasmRuns[0].notes;
      console.log(`tfjs-wasm ran with SIMD ${n.wasmSimd ? 'on' : 'off'}, ${n.wasmThreads ? `threads on (${n.wasmThreadsCount} threads)` : 'threads off (single-threaded)'}; crossOriginIsolated: ${n.crossOriginIsolated}.`);
    }
    for (const l of peakLines(reports)) console.log(l);
    console.log('disp/step: compute dispatches counted by a hook on GPUComputePassEncoder during the timed run; (sched) is Trainer.dispatchesPerStep;\nreads/step: GPUBuffer.mapAsync calls per step (each one a wait for the GPU).');
    const kernels = reports.filter((r) => r.kind === 'matmul').map((r) => `${r.case}: ${[...new Set((r.samples.ours ?? []).map((x) => String(x.notes.kernel)))].join(', ') || '-'}`);
    const attn = reports.filter((r) => r.kind === 'attention');
    if (attn.length) {
      const ms = (r: CaseReport, impl: Impl) => median((r.samples[impl] ?? []).map((x) => x.msPerStep));
      const gf = (r: CaseReport, impl: Impl) => median((r.samples[impl] ?? []).map((x) => Number(x.notes.gflopPerSecond)));
      const cell = (r: CaseReport, impl: Impl) => {
        const m = ms(r, impl);
        const g = gf(r, impl);
        return m === null ? '-' : `${m >= 100 ? m.toFixed(0) : m.toFixed(1)} ms (${g === null ? '-' : g.toFixed(2)} GFLOP/s)`;
      };
      console.log('Attention forward + backward (O, dQ, dK, dV; batch 32, 4 heads of 16, no mask; samples/s = sequences/s; GFLOP/s counts 12·N·H·T²·dk per step):');
      for (const r of attn) console.log(`  ${r.case.padEnd(14)} ms/step: ours ${cell(r, 'ours')}, tfjs-webgpu ${cell(r, 'tfjs-webgpu')}, tfjs-cpu ${cell(r, 'tfjs-cpu')}`);
    }
    for (const r of reports) {
      const runs = r.samples.ours ?? [];
      const ratios = runs.map((x) => Number(x.notes.statsRatio)).filter(Number.isFinite);
      if (ratios.length === 0) continue;
      const on = median(runs.map((x) => Number(x.notes.onSamplesPerSec)));
      const off = median(runs.map((x) => Number(x.notes.offSamplesPerSec)));
      console.log(`Layer statistics ${r.case}: every ${runs[0].notes.statsEvery} steps (+${runs[0].notes.statsDispatchesPerSample} dispatches per sample): on ${fmtNum(on ?? 0, 'samples/s')} vs off ${fmtNum(off ?? 0, 'samples/s')} samples/s, on/off ${median(ratios)?.toFixed(3)} (median of ${ratios.length} trial(s), ${runs[0].notes.statsPairs} off/on pairs each).`);
    }
    if (kernels.length) console.log(`Our matmul kernel (${opts.matmulKernel === 'layer' ? 'as the Dense layer emits it' : 'forced'}): ${kernels.join('; ')}.`);
    if (failures) console.log(`bench: ${failures} trial(s) failed; see the ! lines above and "errors" in the JSON.`);

    const json = {
      date: new Date().toISOString(),
      chromium: chromiumVersion,
      chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      chromiumArgs: CHROMIUM_ARGS,
      adapter: info.ok ? info.value : { error: info.error },
      node: process.version,
      pytorch: torchRow.ok ? { python: torchRow.python, version: torchRow.version } : { skipped: torchRow.reason },
      options: { pytorch: opts.pytorch, trials: opts.trials, quick: opts.quick, only: opts.only, impls: opts.impls, targetMs: opts.targetMs, calibMs: opts.calibMs, timeoutS: opts.timeoutS, tfjsLoop: opts.tfjsLoop, matmulKernel: opts.matmulKernel, stepsPerSubmit: opts.stepsPerSubmit },
      trials: opts.trials,
      minutes: Number(minutes.toFixed(2)),
      failures,
      cases: reports,
    };
    writeFileSync(opts.out, JSON.stringify(json, null, 2) + '\n');
    console.log(`bench: wrote ${path.relative(process.cwd(), opts.out) || opts.out} (${minutes.toFixed(1)} min)`);
    return 0;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench: harness failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
