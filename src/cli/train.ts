/**
 * Headless training on the same engine under Node (Dawn + the machine's Vulkan driver, falling
 * back to SwiftShader):
 *   npm run train -- --preset <id> [--epochs N] [--batch B] [--seed S] [--out DIR]
 * Prints a line per epoch and the test result (regression: with R², MAE, the mean-predictor baseline
 * and warnings); writes DIR/log.json, DIR/model.json, DIR/weights.safetensors and
 * DIR/optimizer-state.safetensors (the optimizer's slots and step, for the PyTorch bundle) as a
 * checkpoint after every epoch (checkpoint.ts: atomic, finite weights only). A diverged run stops,
 * keeps the last finite checkpoint and exits 1; a model too large for the GPU exits 2 before training.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_IDS, isDatasetId, listDatasets, loadDataset, type DatasetId } from '../data/registry';
import { splitDataset, takeRows } from '../data/split';
import { Trainer, type EpochMetrics } from '../engine/trainer';
import { adapterLabel } from '../gpu/device';
import { nodeGpuContext } from '../gpu/node-device';
import { PipelineCache } from '../gpu/pipelines';
import { ModelTooLargeError } from '../engine/size-check';
import type { ModelSpec } from '../engine/spec';
import { clearStaleWeights, nonFiniteParams, writeAtomic, writeCheckpoint, writeLog } from './checkpoint';
import { PRESETS, findPreset } from '../presets/presets';
import { nonNegativeInt, positiveInt, positiveNumber, UsageError } from './args';
import { ensureWritableDir } from './out-dir';
import { ProgressBar } from './progress';
import { readTextData } from './text-data';
import { regressionLine, regressionTestResult } from './regression-report';

function help(): string {
  const presets = PRESETS.map((p) => `  ${p.id.padEnd(14)} ${p.number ? `#${p.number}` : '  '}  ${p.title}  (dataset: ${p.dataset})`).join('\n');
  const datasets = listDatasets().map((d) => `  ${d.id.padEnd(16)} ${d.label}: ${d.description}`).join('\n');
  return `Train an example model headless on WebGPU.

Usage: npm run train -- --preset <id> [--dataset D | --data FILE.csv|FILE.txt] [--train-limit N] [--epochs N] [--batch B] [--seed S] [--lr X] [--out DIR]

Options:
  --preset <id>   which example model (id or its number)
  --dataset D     train on another dataset of the same shape (e.g. digits instead of fashion-mnist)
  --data FILE     train on your own CSV of (text, label) rows with a header: token ids for a model whose
                  input feeds an Embedding, tf-idf features for a Dense input; 10% held out as the test set.
                  A .txt file is plain text for a character language model (--preset char-lm): its last
                  10% is the test part and the 10% before it validation
  --text-column C, --label-column C   the CSV's column names (default text, label)
  --train-limit N use only the first N training samples (before the validation split)
  --epochs N      epochs to train (default: the preset's)
  --batch B       batch size (default: the preset's)
  --seed S        seed for weights, data and shuffling (default 1)
  --lr X          learning rate (default: the preset's optimizer's)
  --out DIR       where to write log.json, model.json, weights.safetensors (default runs/<preset>);
                  a checkpoint is written after every epoch; a run whose loss turns NaN or infinite
                  stops, keeps the last epoch's finite weights and exits with status 1
  --help          this text

Presets:
${presets}

Datasets:
${datasets}
`;
}

function fmt(v: number | null, digits = 4): string {
  return v === null ? '-' : v.toFixed(digits);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string' },
        dataset: { type: 'string' },
        'train-limit': { type: 'string' },
        data: { type: 'string' },
        'text-column': { type: 'string' },
        'label-column': { type: 'string' },
        epochs: { type: 'string' },
        batch: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        lr: { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(help());
    return;
  }
  if (!v.preset) throw new UsageError('missing --preset; run with --help to list presets');
  const preset = findPreset(v.preset);
  if (!preset) throw new UsageError(`unknown preset "${v.preset}"; known: ${PRESETS.map((p) => p.id).join(', ')}`);
  const epochs = positiveInt('epochs', v.epochs, preset.train.epochs);
  const batchSize = positiveInt('batch', v.batch, preset.train.batchSize);
  const seed = nonNegativeInt('seed', v.seed, preset.train.seed);
  if (v.data !== undefined && v.dataset !== undefined) throw new UsageError('give --dataset or --data, not both');
  const datasetId = v.data !== undefined ? `file:${v.data}` : (v.dataset ?? preset.dataset);
  if (v.data === undefined && !isDatasetId(datasetId)) throw new UsageError(`unknown dataset "${datasetId}"; known: ${DATASET_IDS.join(', ')}`);
  const csv = v.data === undefined ? null : readTextData(v.data, preset.spec, { textColumn: v['text-column'], labelColumn: v['label-column'] });
  const trainLimit = v['train-limit'] === undefined ? undefined : positiveInt('train-limit', v['train-limit'], 0);
  const lr = positiveNumber('lr', v.lr);
  const spec: ModelSpec = lr === undefined ? preset.spec : { ...preset.spec, optimizer: { ...preset.spec.optimizer, lr } };
  const out = resolve(v.out ?? join('runs', preset.id));
  ensureWritableDir(out);

  const ctx = await nodeGpuContext();
  const pipelines = new PipelineCache(ctx.device);
  const loaded = csv ?? (await loadDataset(datasetId as DatasetId, { seed }));
  const train = trainLimit !== undefined && trainLimit < loaded.train.n ? takeRows(loaded.train, Uint32Array.from({ length: trainLimit }, (_, i) => i)) : loaded.train;
  const test = loaded.test;
  // Text corpora define their own (contiguous) validation part; a random split of their windows would leak.
  const split = loaded.validation ? { train, validation: loaded.validation } : splitDataset(train, preset.train.validationSplit, seed);
  let trainer: Trainer;
  try {
    trainer = await Trainer.create(ctx.device, pipelines, spec, split, { ...preset.train, batchSize, epochs, seed });
  } catch (e) {
    // Too large for this GPU: refused before any buffer was created; a usage error (smaller --batch).
    if (e instanceof ModelTooLargeError) throw new UsageError(e.message);
    throw e;
  }
  console.log(`${preset.title} on ${datasetId}: ${split.train.n} train / ${split.validation.n} validation / ${test.n} test samples`);
  console.log(`adapter: ${adapterLabel(ctx.adapter)}; ${trainer.model.graph.paramCount} parameters; ${trainer.dispatchesPerStep} dispatches per step; batch ${batchSize}`);

  // This run's directory: its spec now, a checkpoint after every epoch with finite weights.
  clearStaleWeights(out);
  writeAtomic(join(out, 'model.json'), JSON.stringify(spec, null, 2));
  const metadata = { preset: preset.id, seed: String(seed) };
  const history: EpochMetrics[] = [];
  const logOf = (extra: Record<string, unknown>) => ({
    preset: preset.id,
    dataset: datasetId,
    trainLimit: trainLimit ?? null,
    adapter: ctx.adapter,
    settings: { epochs, batchSize, seed, validationSplit: preset.train.validationSplit, optimizer: spec.optimizer, loss: spec.loss },
    epochs: history,
    ...extra,
  });
  const bar = new ProgressBar();
  const started = performance.now();
  for (let e = 0; e < epochs; e++) {
    const m = await trainer.trainEpoch((p) => bar.update(p.step, p.stepsPerEpoch, `loss ${p.loss.toFixed(4)}  ${Math.round(p.samplesPerSec)} samples/s`));
    bar.clear();
    const params = Number.isFinite(m.loss) ? await trainer.readParams() : null;
    const bad = params ? nonFiniteParams(spec, params) : [];
    if (!params || bad.length > 0) {
      const what = params ? `the weights hold NaN or infinite values (${bad.map((t) => `"${t.name}" ${t.count} of ${t.total}`).join(', ')})` : `the loss is ${m.loss}`;
      const kept = history.length > 0 ? `kept the weights from epoch ${history.length} in ${join(out, 'weights.safetensors')}` : 'no epoch ended with finite weights, so no weights were saved';
      writeLog(out, logOf({ diverged: { epoch: e + 1, loss: Number.isFinite(m.loss) ? m.loss : String(m.loss) }, keptEpoch: history.length }));
      trainer.destroy();
      throw new Error(`training diverged at epoch ${e + 1}: ${what}; ${kept}. Lower the learning rate`);
    }
    history.push(m);
    const acc = spec.loss === 'mse' ? '' : `  acc ${fmt(m.accuracy)}  val_acc ${fmt(m.valAccuracy)}`;
    console.log(`epoch ${String(e + 1).padStart(3)}/${epochs}  loss ${fmt(m.loss)}  val_loss ${fmt(m.valLoss)}${acc}  ${Math.round(m.samplesPerSec)} samples/s`);
    // Where the optimizer stopped too, so `npm run export --format pytorch-bundle` continues from it.
    writeCheckpoint(out, { spec, params, optimizer: await trainer.readOptimizerState(), metadata, log: logOf({ test: null, seconds: (performance.now() - started) / 1000 }) });
  }
  const seconds = (performance.now() - started) / 1000;
  const testResult = await trainer.evaluate(test);
  // Regression: R², MAE and the mean-predictor baseline beside the loss, and warnings when it learned only the mean.
  const reg = spec.loss === 'mse' && test.task === 'regression' ? await regressionTestResult(trainer, split.train, test) : null;
  const testAcc = spec.loss === 'mse' ? '' : `  test_acc ${fmt(testResult.accuracy)}`;
  console.log(`test_loss ${fmt(testResult.loss)}${testAcc}${reg ? regressionLine(reg) : ''}  (${test.n} samples; ${seconds.toFixed(1)} s training)`);
  for (const w of reg?.warnings ?? []) console.log(`warning: ${w}`);
  writeLog(out, logOf({ test: reg ? { ...testResult, ...reg } : testResult, seconds }));
  console.log(`wrote ${join(out, 'log.json')}, model.json, weights.safetensors`);
  trainer.destroy();
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`error: ${msg}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
