/**
 * Headless training on the same engine under Node (Dawn + the machine's Vulkan driver, falling
 * back to SwiftShader):
 *   npm run train -- --preset <id> | --spec FILE | --project FILE | --resume RUN  [options]
 * Prints a line per epoch and the test result (regression: with R², MAE, the mean-predictor baseline
 * and warnings); writes DIR/log.json, DIR/spec.json (the model spec), DIR/weights.safetensors and
 * DIR/optimizer-state.safetensors (the optimizer's slots and step) as a checkpoint after every epoch
 * (checkpoint.ts: atomic, finite weights only), and Keras's logs: DIR/metrics.csv (CSVLogger) and
 * DIR/tensorboard/{train,validation}/events.out.tfevents.* (run-logger.ts); per-layer statistics
 * sampled on the GPU every --stats-every steps in DIR/stats.jsonl and as TensorBoard histograms,
 * with layer-health warnings at epoch ends (stats-log.ts). A diverged run stops at the first
 * non-finite loss, prints the NaN trap's line (the layer and pass that produced it), keeps the last
 * finite checkpoint and exits 1; a model too large for the GPU, or data that does not fit the
 * model, exits 2 before training.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Task } from '../data/dataset';
import { DATASET_IDS, isDatasetId } from '../data/registry';
import { SCALING_MODES, type ScalingMode } from '../data/scaling';
import { isUploadId } from '../data/uploads/types';
import { DatasetMismatchError } from '../engine/gpu-dataset';
import { ModelTooLargeError } from '../engine/size-check';
import { summarizeModel } from '../engine/summary';
import { Trainer } from '../engine/trainer';
import { NanTrap } from '../engine/inspect/nan-trap';
import { adapterLabel } from '../gpu/device';
import { nodeGpuContext } from '../gpu/node-device';
import { tunedPipelines } from './tuned-pipelines';
import { findPreset } from '../presets/presets';
import { nonNegativeInt, positiveInt, UsageError } from './args';
import { clearStaleWeights, nonFiniteParams, SPEC_FILE, writeAtomic, writeCheckpoint, writeLog } from './checkpoint';
import { parseCli, runMain } from './cli-main';
import { epochLog, type EpochLog } from './keras-logs';
import { applyOverrides, modelSource, type ModelSource } from './model-source';
import { ensureWritableDir } from './out-dir';
import { ProgressBar } from './progress';
import { regressionLine, regressionTestResult } from './regression-report';
import { readCheckpoint, restoreCheckpoint, type Checkpoint } from './resume';
import { lossDivisor } from '../data/scaled-dataset';
import { fileFormat, fileList, loadRunData, sourceName, sourceOfLog, TASKS, type DataSource } from './run-data';
import { readRun, runSettings, trainValidation } from './run-dir';
import { METRICS_CSV, RunLogger, TENSORBOARD_DIR } from './run-logger';
import { summaryTable } from './summary-table';
import { trainHelp } from './train-help';
import { writeRunLabels } from './run-labels';
import { labelMetadata } from '../io/model-labels';
import type { TrainedModel } from '../io/trained-model';
import { DEFAULT_STATS_EVERY, STATS_FILE, StatsLog } from './stats-log';
import { isClassificationLoss, isRegressionLoss } from '../engine/losses';

const OPTIONS = {
  preset: { type: 'string' },
  spec: { type: 'string' },
  project: { type: 'string' },
  resume: { type: 'string' },
  dataset: { type: 'string' },
  'train-limit': { type: 'string' },
  data: { type: 'string' },
  labels: { type: 'string' },
  'text-column': { type: 'string' },
  'label-column': { type: 'string' },
  task: { type: 'string' },
  scaling: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  seed: { type: 'string' },
  out: { type: 'string' },
  lr: { type: 'string' },
  optimizer: { type: 'string' },
  loss: { type: 'string' },
  'huber-delta': { type: 'string' },
  'label-smoothing': { type: 'string' },
  'class-weights': { type: 'string' },
  summary: { type: 'boolean' },
  'stats-every': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCli<typeof OPTIONS>>;

function fmt(v: number | null | undefined, digits = 4): string {
  return v === null || v === undefined ? '-' : v.toFixed(digits);
}

/** The data the options name (--data files, --dataset, or the model source's own dataset). */
function dataSource(v: Values, src: ModelSource): DataSource {
  const trainLimit = v['train-limit'] === undefined ? null : positiveInt('train-limit', v['train-limit'], 0);
  if (v.data !== undefined && v.dataset !== undefined) throw new UsageError('give --dataset or --data, not both');
  if (v.labels !== undefined && v.data === undefined) throw new UsageError('--labels goes with --data (the images file of an IDX pair)');
  if (v.task !== undefined && !(TASKS as readonly string[]).includes(v.task)) throw new UsageError(`--task must be one of ${TASKS.join(', ')}, got "${v.task}"`);
  if (v.scaling !== undefined && !(SCALING_MODES as readonly string[]).includes(v.scaling)) throw new UsageError(`--scaling must be one of ${SCALING_MODES.join(', ')}, got "${v.scaling}"`);
  const scaling = (v.scaling as ScalingMode | undefined) ?? src.settings.scaling;
  if (v.data !== undefined) {
    const files = fileList(v.data, v.labels);
    const format = fileFormat(files, v['text-column'], src.spec);
    const cols = { ...(v['label-column'] ? { labelColumn: v['label-column'] } : {}), ...(v['text-column'] ? { textColumn: v['text-column'] } : {}) };
    return { kind: 'file', files, format, ...cols, ...(v.task ? { task: v.task as Task } : {}), ...(format === 'csv' && scaling && scaling !== 'none' ? { scaling } : {}), trainLimit };
  }
  const dataset = v.dataset ?? src.dataset;
  if (dataset === null) throw new UsageError(`--spec trains on a dataset you name: give --dataset D (one of ${DATASET_IDS.join(', ')}) or --data FILE`);
  if (isUploadId(dataset)) throw new UsageError(`the project trains on a file uploaded in the app (${dataset}); give that file with --data FILE`);
  if (!isDatasetId(dataset)) throw new UsageError(`unknown dataset "${dataset}"; known: ${DATASET_IDS.join(', ')}`);
  return { kind: 'builtin', dataset, trainLimit };
}

/** What --resume continues: the run's model, settings, data and checkpoint. */
function resumeSource(v: Values) {
  for (const k of ['preset', 'spec', 'project', 'dataset', 'data', 'labels', 'train-limit', 'batch', 'seed', 'optimizer', 'loss', 'huber-delta', 'label-smoothing', 'class-weights', 'task', 'scaling'] as const) {
    if (v[k] !== undefined) throw new UsageError(`--resume continues the run with its own model, data and settings; --${k} cannot change them (only --epochs, --lr and --out can be given)`);
  }
  const run = readRun(resolve(v.resume!));
  const presetId = typeof run.log?.preset === 'string' ? run.log.preset : null;
  const preset = presetId ? findPreset(presetId) : undefined;
  const s = runSettings(run, preset?.train.schedule);
  const data = run.log ? sourceOfLog(run.log) : null;
  if (!data) throw new UsageError(`--resume ${run.dir}: its log.json does not say which data the run trained on`);
  const title = run.log?.source?.title ?? preset?.title ?? run.model.spec.name ?? run.dir;
  const src: ModelSource = { kind: (run.log?.source?.kind as ModelSource['kind']) ?? 'preset', id: run.log?.source?.id ?? presetId ?? run.dir, title, presetId, spec: run.model.spec, settings: s, dataset: null };
  return { run, src, data, checkpoint: readCheckpoint(run) };
}

async function main(argv: string[]): Promise<void> {
  const v = parseCli(argv, OPTIONS);
  if (v.help) {
    process.stdout.write(trainHelp());
    return;
  }
  let resumed: { dir: string; checkpoint: Checkpoint } | null = null;
  let src: ModelSource;
  let source: DataSource;
  if (v.resume !== undefined) {
    const r = resumeSource(v);
    resumed = { dir: r.run.dir, checkpoint: r.checkpoint };
    src = r.src;
    source = r.data;
  } else {
    src = modelSource(v);
    if (v.summary) {
      // The model alone: no data to read, nothing to train.
      console.log(summaryTable(summarizeModel(applyOverrides(src, v).spec)));
      return;
    }
    source = dataSource(v, src);
  }
  const { spec, settings } = applyOverrides(src, v);
  const statsEvery = nonNegativeInt('stats-every', v['stats-every'], DEFAULT_STATS_EVERY);
  const done = resumed?.checkpoint.epochs.length ?? 0;
  if (resumed && settings.epochs <= done) throw new UsageError(`the run in ${resumed.dir} has trained ${done} of its ${settings.epochs} epochs; give --epochs N with N > ${done} to train on`);
  // Keras-style: every run prints its model before it trains (--summary with --resume: only that).
  console.log(summaryTable(summarizeModel(spec)));
  if (v.summary) return;
  const { epochs, batchSize, seed } = settings;
  const out = resolve(v.out ?? resumed?.dir ?? join('runs', src.presetId ?? 'model'));
  ensureWritableDir(out);
  const loadedData = await loadRunData(source, spec, seed);
  source = loadedData.source;
  const loaded = loadedData.splits;
  const test = loaded.test;
  const split = trainValidation(loaded, settings.validationSplit, seed);
  // A scaled numeric CSV: every loss reported in the target's own units, as the app does.
  const pre = loadedData.preprocessing;
  const div = lossDivisor(pre);

  const ctx = await nodeGpuContext();
  const pipelines = await tunedPipelines(ctx);
  let trainer: Trainer;
  try {
    trainer = await Trainer.create(ctx.device, pipelines, spec, split, { ...settings, batchSize, epochs, seed });
  } catch (e) {
    // Too large for this GPU, or data that does not fit the model: refused before training; a usage error.
    if (e instanceof ModelTooLargeError || e instanceof DatasetMismatchError) throw new UsageError(e.message);
    throw e;
  }
  if (resumed) restoreCheckpoint(trainer, resumed.checkpoint);
  const trap = new NanTrap(trainer);
  const dataName = sourceName(source);
  console.log(`${src.title} on ${dataName}: ${split.train.n} train / ${split.validation.n} validation / ${test.n} test samples`);
  console.log(`adapter: ${adapterLabel(ctx.adapter)}; ${trainer.model.graph.paramCount} parameters; ${trainer.dispatchesPerStep} dispatches per step; batch ${batchSize}`);
  if (resumed) console.log(`resuming ${resumed.dir} at epoch ${done + 1} (step ${trainer.globalStep})`);

  // This run's directory: its spec now, a checkpoint after every epoch with finite weights.
  if (!resumed || out !== resumed.dir) {
    clearStaleWeights(out);
    for (const f of [METRICS_CSV, TENSORBOARD_DIR]) rmSync(join(out, f), { recursive: true, force: true });
  }
  writeAtomic(join(out, SPEC_FILE), JSON.stringify(spec, null, 2));
  // tokenizer.json / classes.json beside the spec, and in the weights' metadata (model-labels.ts).
  const labels = writeRunLabels(out, spec, split.train);
  const metadata = { ...(src.presetId ? { preset: src.presetId } : {}), seed: String(seed), ...labelMetadata({ spec, ...labels } as TrainedModel) };
  const classifier = isClassificationLoss(spec.loss);
  const history: EpochLog[] = resumed ? [...resumed.checkpoint.epochs] : [];
  const logOf = (extra: Record<string, unknown>) => ({
    preset: src.presetId,
    source: { kind: src.kind, id: src.id, title: src.title },
    dataset: dataName,
    data: source,
    ...(pre ? { preprocessing: pre } : {}),
    trainLimit: source.trainLimit,
    adapter: ctx.adapter,
    settings: { epochs, batchSize, seed, validationSplit: settings.validationSplit, schedule: settings.schedule, optimizer: spec.optimizer, loss: spec.loss },
    ...(resumed ? { resumedFrom: { dir: resumed.dir, epoch: done } } : {}),
    epochs: history,
    ...extra,
  });
  const logger = new RunLogger(out);
  const stats = statsEvery > 0 ? await StatsLog.start(out, trainer, statsEvery, !resumed || out !== resumed.dir) : null;
  const bar = new ProgressBar();
  const started = performance.now();
  for (let e = done; e < epochs; e++) {
    bar.start();
    const epochStart = trainer.globalStep;
    trap.ring.snapshot();
    // The first metric window with a non-finite loss stops the epoch (the NaN trap replays it).
    let badAt: { epoch: number; step: number } | null = null;
    const m =
      (await trainer.trainEpoch(
        (p) => {
          logger.batch(epochStart + p.step, p.loss / div);
          bar.update(p.step, p.stepsPerEpoch, `loss ${p.loss.toFixed(4)}  ${Math.round(p.samplesPerSec)} samples/s`);
          if (!Number.isFinite(p.loss)) badAt ??= { epoch: p.epoch, step: p.step };
        },
        () => badAt !== null,
      )) ?? (await trainer.closeEpoch())!;
    bar.clear();
    const params = Number.isFinite(m.loss) ? await trainer.readParams() : null;
    const bad = params ? nonFiniteParams(spec, params) : [];
    if (!params || bad.length > 0) {
      const what = params ? `the weights hold NaN or infinite values (${bad.map((t) => `"${t.name}" ${t.count} of ${t.total}`).join(', ')})` : `the loss is ${m.loss}`;
      const culprit = await findCulprit(trap, badAt);
      if (culprit) console.log(`first non-finite value: ${culprit.message}`);
      const kept = history.length > 0 ? `kept the weights from epoch ${history.length} in ${join(out, 'weights.safetensors')}` : 'no epoch ended with finite weights, so no weights were saved';
      writeLog(out, logOf({ diverged: { epoch: e + 1, loss: Number.isFinite(m.loss) ? m.loss : String(m.loss) }, keptEpoch: history.length }));
      trainer.destroy();
      throw new Error(`training diverged at epoch ${e + 1}: ${what}; ${kept}. Lower the learning rate`);
    }
    const entry = epochLog({ ...m, loss: m.loss / div, valLoss: m.valLoss === null ? null : m.valLoss / div }, classifier);
    history.push(entry);
    const acc = classifier ? `  accuracy ${fmt(entry.accuracy)}  val_accuracy ${fmt(entry.val_accuracy)}` : '';
    console.log(`epoch ${String(e + 1).padStart(3)}/${epochs}  loss ${fmt(entry.loss)}  val_loss ${fmt(entry.val_loss)}${acc}  ${Math.round(m.samplesPerSec)} samples/s`);
    // Where the optimizer stopped too, so --resume and the PyTorch bundle continue from it.
    writeCheckpoint(out, { spec, params, optimizer: await trainer.readOptimizerState(), metadata, log: logOf({ test: null, seconds: (performance.now() - started) / 1000 }) });
    for (const w of stats?.epochEnd((tag, h, step) => logger.histogram(tag, h, step)) ?? []) console.log(`warning: ${w.message}`);
    logger.epoch(history);
  }
  const seconds = (performance.now() - started) / 1000;
  const scaledTest = await trainer.evaluate(test);
  const testResult = { ...scaledTest, loss: scaledTest.loss / div };
  // Regression: R², MAE and the mean-predictor baseline beside the loss, and warnings when it learned only the mean.
  const rawSplit = trainValidation(loadedData.raw, settings.validationSplit, seed);
  const reg = isRegressionLoss(spec.loss) && test.task === 'regression' ? await regressionTestResult(trainer, rawSplit.train, loadedData.raw.test, pre) : null;
  const testAcc = classifier ? `  test_accuracy ${fmt(testResult.accuracy)}` : '';
  console.log(`test_loss ${fmt(testResult.loss)}${testAcc}${reg ? regressionLine(reg) : ''}  (${test.n} samples; ${seconds.toFixed(1)} s training)`);
  for (const w of reg?.warnings ?? []) console.log(`warning: ${w}`);
  writeLog(out, logOf({ test: reg ? { ...testResult, ...reg } : testResult, seconds }));
  console.log(`wrote ${join(out, 'log.json')}, ${SPEC_FILE}, weights.safetensors, ${METRICS_CSV}, ${stats ? `${STATS_FILE}, ` : ''}${TENSORBOARD_DIR}/`);
  trainer.destroy();
}

/** The NaN trap's culprit of a diverged run (null when it did not reproduce it or failed). */
async function findCulprit(trap: NanTrap, bad: { epoch: number; step: number } | null) {
  try {
    return await trap.find(bad ?? undefined);
  } catch {
    return null;
  }
}

runMain(main);
