/**
 * Headless training on the same engine under Node (Dawn + the machine's Vulkan driver, falling
 * back to SwiftShader):
 *   npm run train -- --preset <id> [--epochs N] [--batch B] [--seed S] [--out DIR]
 * Prints a line per epoch; writes DIR/log.json, DIR/model.json, DIR/weights.safetensors and
 * DIR/optimizer-state.safetensors (the optimizer's slots and step, for the PyTorch bundle).
 */
import { writeFileSync } from 'node:fs';
import { encodeOptimizerState, OPTIMIZER_STATE_FILE } from '../io/optimizer-state-file';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_IDS, isDatasetId, listDatasets, loadDataset, type DatasetId } from '../data/registry';
import { splitDataset, takeRows } from '../data/split';
import { Trainer, type EpochMetrics } from '../engine/trainer';
import { adapterLabel } from '../gpu/device';
import { nodeGpuContext } from '../gpu/node-device';
import { PipelineCache } from '../gpu/pipelines';
import { weightsFile } from '../io/torch/export-safetensors';
import { trainedModel } from '../io/trained-model';
import { PRESETS, findPreset } from '../presets/presets';
import { nonNegativeInt, positiveInt, UsageError } from './args';
import { ensureWritableDir } from './out-dir';
import { ProgressBar } from './progress';
import { readTextData } from './text-data';

function help(): string {
  const presets = PRESETS.map((p) => `  ${p.id.padEnd(14)} ${p.number ? `#${p.number}` : '  '}  ${p.title}  (dataset: ${p.dataset})`).join('\n');
  const datasets = listDatasets().map((d) => `  ${d.id.padEnd(16)} ${d.label}: ${d.description}`).join('\n');
  return `Train an example model headless on WebGPU.

Usage: npm run train -- --preset <id> [--dataset D | --data FILE.csv|FILE.txt] [--train-limit N] [--epochs N] [--batch B] [--seed S] [--out DIR]

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
  --out DIR       where to write log.json, model.json, weights.safetensors (default runs/<preset>)
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
  const out = resolve(v.out ?? join('runs', preset.id));
  ensureWritableDir(out);

  const ctx = await nodeGpuContext();
  const pipelines = new PipelineCache(ctx.device);
  const loaded = csv ?? (await loadDataset(datasetId as DatasetId, { seed }));
  const train = trainLimit !== undefined && trainLimit < loaded.train.n ? takeRows(loaded.train, Uint32Array.from({ length: trainLimit }, (_, i) => i)) : loaded.train;
  const test = loaded.test;
  // Text corpora define their own (contiguous) validation part; a random split of their windows would leak.
  const split = loaded.validation ? { train, validation: loaded.validation } : splitDataset(train, preset.train.validationSplit, seed);
  const trainer = await Trainer.create(ctx.device, pipelines, preset.spec, split, { ...preset.train, batchSize, epochs, seed });
  console.log(`${preset.title} on ${datasetId}: ${split.train.n} train / ${split.validation.n} validation / ${test.n} test samples`);
  console.log(`adapter: ${adapterLabel(ctx.adapter)}; ${trainer.model.graph.paramCount} parameters; ${trainer.dispatchesPerStep} dispatches per step; batch ${batchSize}`);

  const bar = new ProgressBar();
  const history: EpochMetrics[] = [];
  const started = performance.now();
  for (let e = 0; e < epochs; e++) {
    const m = await trainer.trainEpoch((p) => bar.update(p.step, p.stepsPerEpoch, `loss ${p.loss.toFixed(4)}  ${Math.round(p.samplesPerSec)} samples/s`));
    bar.clear();
    history.push(m);
    if (!Number.isFinite(m.loss)) throw new Error(`training diverged at epoch ${e + 1}: the loss is ${m.loss}; lower the learning rate`);
    const acc = preset.spec.loss === 'mse' ? '' : `  acc ${fmt(m.accuracy)}  val_acc ${fmt(m.valAccuracy)}`;
    console.log(`epoch ${String(e + 1).padStart(3)}/${epochs}  loss ${fmt(m.loss)}  val_loss ${fmt(m.valLoss)}${acc}  ${Math.round(m.samplesPerSec)} samples/s`);
  }
  const seconds = (performance.now() - started) / 1000;
  const testResult = await trainer.evaluate(test);
  const testAcc = preset.spec.loss === 'mse' ? '' : `  test_acc ${fmt(testResult.accuracy)}`;
  console.log(`test_loss ${fmt(testResult.loss)}${testAcc}  (${test.n} samples; ${seconds.toFixed(1)} s training)`);

  const flat = await trainer.readParams();
  const weights = weightsFile(trainedModel(preset.spec, flat), { preset: preset.id, seed: String(seed) });
  writeFileSync(join(out, weights.name), weights.data);
  // Where the optimizer stopped, so `npm run export --format pytorch-bundle` continues from it.
  writeFileSync(join(out, OPTIMIZER_STATE_FILE), encodeOptimizerState(await trainer.readOptimizerState()));
  writeFileSync(join(out, 'model.json'), JSON.stringify(preset.spec, null, 2));
  writeFileSync(
    join(out, 'log.json'),
    JSON.stringify(
      {
        preset: preset.id,
        dataset: datasetId,
        trainLimit: trainLimit ?? null,
        adapter: ctx.adapter,
        settings: { epochs, batchSize, seed, validationSplit: preset.train.validationSplit, optimizer: preset.spec.optimizer, loss: preset.spec.loss },
        epochs: history,
        test: testResult,
        seconds,
      },
      null,
      2,
    ),
  );
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
