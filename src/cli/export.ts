/**
 * Export a training run (the directory `npm run train` writes) to another format:
 *   npm run export -- --run DIR --format <f> --out PATH
 * Reads DIR/spec.json (or an older run's model.json) and DIR/weights.safetensors back through the import path (validated, names
 * and shapes checked), runs the format's exporter and writes its files under PATH. The PyTorch
 * bundle regenerates the run's training split from DIR/log.json (dataset, seed, limit, split) and
 * carries DIR/optimizer-state.safetensors when the run wrote it; the
 * int8 format also prints the test accuracy of the quantized model beside the float one (GPU).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { decodeOptimizerState, OPTIMIZER_STATE_FILE } from '../io/optimizer-state-file';
import { dirname, join, resolve } from 'node:path';
import { Trainer } from '../engine/trainer';
import { EXPORT_FORMATS, EXPORTERS, isExportFormat } from '../io/exporters';
import { int8Accuracy } from '../io/int8/dequantize-gpu';
import type { BundleContext } from '../io/torch/bundle';
import { assertFiniteWeights } from '../io/finite';
import { findPreset } from '../presets/presets';
import { UsageError } from './args';
import { parseCli, runMain } from './cli-main';
import { ensureWritableDir } from './out-dir';
import { readRun, runData, runEpochs } from './run-dir';
import { lossDivisor } from '../data/scaled-dataset';
import { isClassificationLoss } from '../engine/losses';

function help(): string {
  const formats = EXPORT_FORMATS.map((f) => `  ${f.padEnd(15)} ${EXPORTERS[f].label}: ${EXPORTERS[f].description}`).join('\n');
  return `Export a training run to another format.

Usage: npm run export -- --run DIR --format <f> --out PATH

Options:
  --run DIR      a run directory written by \`npm run train\` (spec.json, weights.safetensors, log.json)
  --format F     one of the formats below
  --out PATH     directory to write the exported files into (created if needed)
  -h, --help     this text

Formats:
${formats}
`;
}

async function main(argv: string[]): Promise<void> {
  const v = parseCli(argv, { run: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } });
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
  const run = readRun(runDir);
  const { model, log } = run;
  ensureWritableDir(out);

  let ctx: BundleContext | undefined;
  if (format.needsTrainingData) {
    const { split, settings, preprocessing } = await runData(run);
    const preset = log?.preset ? findPreset(log.preset) : undefined;
    const epochs = runEpochs(log);
    ctx = { train: split.train, batchSize: settings.batchSize, epochs: settings.epochs, seed: settings.seed, lastLoss: epochs.length ? epochs[epochs.length - 1].loss * lossDivisor(preprocessing) : null, schedule: log?.settings?.schedule?.kind ?? preset?.train.schedule.kind };
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
  if (v.format === 'int8' && isClassificationLoss(model.spec.loss)) {
    const { nodeGpuContext } = await import('../gpu/node-device');
    const { PipelineCache } = await import('../gpu/pipelines');
    const { split, splits, settings } = await runData(run);
    const test = splits.test;
    const gpuCtx = await nodeGpuContext();
    const trainer = await Trainer.create(gpuCtx.device, new PipelineCache(gpuCtx.device), model.spec, { train: split.train }, { batchSize: settings.batchSize, epochs: 1, seed: settings.seed });
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

runMain(main);
