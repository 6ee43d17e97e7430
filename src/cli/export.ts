/**
 * Export a training run (the directory `npm run train` writes) to another format:
 *   npm run export -- --run DIR --format <f> --out PATH
 * Reads DIR/model.json and DIR/weights.safetensors back through the import path (validated, names
 * and shapes checked), runs the format's exporter and writes its files under PATH. The PyTorch
 * bundle regenerates the run's training split from DIR/log.json (dataset, seed, limit, split) and
 * carries DIR/optimizer-state.safetensors when the run wrote it; the
 * int8 format also prints the test accuracy of the quantized model beside the float one (GPU).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeOptimizerState, OPTIMIZER_STATE_FILE } from '../io/optimizer-state-file';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isDatasetId, loadDataset } from '../data/registry';
import { splitDataset, takeRows } from '../data/split';
import { analyzeModel, formatSpecError } from '../engine/graph';
import type { ModelSpec } from '../engine/spec';
import { Trainer } from '../engine/trainer';
import { EXPORT_FORMATS, EXPORTERS, isExportFormat } from '../io/exporters';
import { importSafetensors } from '../io/import-safetensors';
import { int8Accuracy } from '../io/int8/dequantize-gpu';
import type { BundleContext } from '../io/torch/bundle';
import { assertFiniteWeights } from '../io/finite';
import { entryData, type TrainedModel } from '../io/trained-model';
import { findPreset } from '../presets/presets';
import { UsageError } from './args';
import { ensureWritableDir } from './out-dir';

function help(): string {
  const formats = EXPORT_FORMATS.map((f) => `  ${f.padEnd(15)} ${EXPORTERS[f].label}: ${EXPORTERS[f].description}`).join('\n');
  return `Export a training run to another format.

Usage: npm run export -- --run DIR --format <f> --out PATH

Options:
  --run DIR      a run directory written by \`npm run train\` (model.json, weights.safetensors, log.json)
  --format F     one of the formats below
  --out PATH     directory to write the exported files into (created if needed)
  --help         this text

Formats:
${formats}
`;
}

interface RunLog {
  preset?: string;
  dataset?: string;
  trainLimit?: number | null;
  settings?: { epochs?: number; batchSize?: number; seed?: number; validationSplit?: number };
  epochs?: { loss: number }[];
}

/** A JSON file of the run directory; a file that is not JSON is a usage error naming it. */
function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

function readRun(dir: string): { model: TrainedModel; log: RunLog | null } {
  const specPath = join(dir, 'model.json');
  const weightsPath = join(dir, 'weights.safetensors');
  for (const p of [specPath, weightsPath]) if (!existsSync(p)) throw new UsageError(`--run ${dir}: ${p} does not exist (is it a directory written by \`npm run train\`?)`);
  const spec = readJson(specPath) as ModelSpec;
  // The spec is checked (shapes, sizes) before anything of the model's size is allocated.
  const analysis = analyzeModel(spec);
  if (!analysis.graph) throw new UsageError(`${specPath} is not a valid model: ${analysis.errors.map(formatSpecError).join('; ')}`);
  const model = importSafetensors(spec, new Uint8Array(readFileSync(weightsPath)), weightsPath);
  try {
    assertFiniteWeights(weightsPath, model.layout.entries.map((e) => [`${e.layer}.${e.name}`, entryData(model, e)] as const));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const logPath = join(dir, 'log.json');
  const log = existsSync(logPath) ? (readJson(logPath) as RunLog) : null;
  if (log !== null && (typeof log !== 'object' || Array.isArray(log))) throw new UsageError(`${logPath} must hold a JSON object (the run's log)`);
  return { model, log };
}

/** The run's own data, regenerated exactly as `npm run train` made it. */
async function runData(log: RunLog | null, dir: string) {
  const datasetId = log?.dataset;
  const s = log?.settings;
  if (!log || !datasetId || !isDatasetId(datasetId) || !s || s.seed === undefined || s.validationSplit === undefined) {
    throw new Error(`${join(dir, 'log.json')} is missing or lacks the dataset and settings this format needs`);
  }
  const loaded = await loadDataset(datasetId, { seed: s.seed });
  const limit = log.trainLimit ?? undefined;
  const train = limit !== undefined && limit < loaded.train.n ? takeRows(loaded.train, Uint32Array.from({ length: limit }, (_, i) => i)) : loaded.train;
  return { split: splitDataset(train, s.validationSplit, s.seed), test: loaded.test, settings: s };
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { run: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } }, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(help());
    return;
  }
  if (!v.run) throw new UsageError('missing --run DIR; run with --help');
  if (!v.format) throw new UsageError(`missing --format; one of: ${EXPORT_FORMATS.join(', ')}`);
  if (!isExportFormat(v.format)) throw new UsageError(`unknown format "${v.format}"; known: ${EXPORT_FORMATS.join(', ')}`);
  if (!v.out) throw new UsageError('missing --out PATH');
  const runDir = resolve(v.run);
  const out = resolve(v.out);
  const format = EXPORTERS[v.format];
  const { model, log } = readRun(runDir);
  ensureWritableDir(out);

  let ctx: BundleContext | undefined;
  if (format.needsTrainingData) {
    const { split, settings } = await runData(log, runDir);
    const preset = log?.preset ? findPreset(log.preset) : undefined;
    const epochs = log?.epochs ?? [];
    ctx = { train: split.train, batchSize: settings.batchSize ?? 32, epochs: settings.epochs ?? 1, seed: settings.seed ?? 1, lastLoss: epochs.length ? epochs[epochs.length - 1].loss : null, schedule: preset?.train.schedule.kind };
    // The optimizer's state when the run saved it (runs from before it did start train.py's optimizer fresh).
    const statePath = join(runDir, OPTIMIZER_STATE_FILE);
    if (existsSync(statePath)) {
      try {
        ctx.optimizerState = decodeOptimizerState(new Uint8Array(readFileSync(statePath)), model.spec);
        assertFiniteWeights('the optimizer state', Object.entries(ctx.optimizerState.slots));
      } catch (e) {
        throw new UsageError(`${statePath}: ${(e as Error).message}`);
      }
    }
  }
  if (v.format === 'int8' && model.spec.loss !== 'mse') {
    const { nodeGpuContext } = await import('../gpu/node-device');
    const { PipelineCache } = await import('../gpu/pipelines');
    const { split, test, settings } = await runData(log, runDir);
    const gpuCtx = await nodeGpuContext();
    const trainer = await Trainer.create(gpuCtx.device, new PipelineCache(gpuCtx.device), model.spec, { train: split.train }, { batchSize: settings.batchSize ?? 32, epochs: 1, seed: settings.seed ?? 1 });
    try {
      trainer.writeParams(model.params);
      const r = await int8Accuracy(trainer, model, test);
      console.log(`test accuracy: float ${r.float.accuracy.toFixed(4)}, int8 ${r.int8.accuracy.toFixed(4)} (${test.n} samples); weights ${r.floatBytes} -> ${r.int8Bytes} bytes`);
    } finally {
      trainer.destroy();
    }
  }
  const files = await format.run(model, ctx);
  for (const f of files) {
    const path = join(out, f.name);
    ensureWritableDir(dirname(path));
    writeFileSync(path, f.data);
  }
  console.log(`wrote ${files.map((f) => f.name).join(', ')} to ${out}`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${msg}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
