/**
 * Export and import of the loaded model's weights, inside the worker: runs a format's exporter on
 * the current weights (Trainer.readParams), measures the int8-quantized model's test accuracy next
 * to the float one (dequantized on the GPU, float weights restored), and validates an imported
 * file against the model, returning its parameters only when every tensor matches. Nothing here
 * writes to the model; the session does, and only after a successful import.
 */
import { EXPORTERS, isExportFormat, type ExportFormat } from '../io/exporters';
import { ImportError, importSafetensors } from '../io/import-safetensors';
import { int8Accuracy } from '../io/int8/dequantize-gpu';
import { modelStateDict } from '../io/state-dict';
import type { BundleContext } from '../io/torch/bundle';
import { trainedModel, type TrainedModel } from '../io/trained-model';
import type { LoadedModel } from './model-loader';
import type { FileBytes, ImportReport, ImportSource, Int8AccuracyReport } from './protocol';
import { lossDivisor } from '../data/scaled-dataset';
import { scheduleName } from '../engine/schedules';
import { datasetLabels } from '../io/model-labels';

/** A refused import: a headline and, for files of another model, every mismatch one per line. */
export class ImportRejected extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'ImportRejected';
  }
}

/**
 * The current weights with the scaling of a numeric upload, which every export applies (so exported
 * models take raw rows), and the dataset's tokenizer and class names, which every export carries.
 */
export async function currentModel(m: LoadedModel): Promise<TrainedModel> {
  return { ...trainedModel(m.source.spec, await m.trainer.readParams()), preprocessing: m.preprocessing, ...datasetLabels(m.raw.train, m.source.spec) };
}

/**
 * What the PyTorch bundle needs beyond the weights: the training split (raw rows: its model.py
 * scales them), the settings it was trained with and the optimizer's state. `lastLoss` comes from
 * the UI in raw units; train.py's loss reads scaled targets, so it goes in scaled units.
 */
export async function bundleContext(m: LoadedModel, lastLoss: number | null): Promise<BundleContext> {
  return {
    train: m.raw.train, batchSize: m.settings.batchSize, epochs: m.settings.epochs, seed: m.settings.seed,
    lastLoss: lastLoss === null ? null : lastLoss * lossDivisor(m.preprocessing), schedule: scheduleName(m.settings.schedule),
    optimizerState: await m.trainer.readOptimizerState(),
  };
}

/** The bytes in an ArrayBuffer of exactly their length, so it can be transferred. */
function ownBuffer(data: Uint8Array): ArrayBuffer {
  if (data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer) return data.buffer;
  return data.slice().buffer as ArrayBuffer;
}

export async function exportModel(m: LoadedModel, format: ExportFormat, lastLoss: number | null = null): Promise<FileBytes[]> {
  if (!isExportFormat(format)) throw new Error(`unknown export format "${String(format)}"`);
  const info = EXPORTERS[format];
  const model = await currentModel(m);
  const files = await info.run(model, info.needsTrainingData ? await bundleContext(m, lastLoss) : undefined);
  const seen = new Set<ArrayBufferLike>();
  return files.map((f) => {
    // Two files must never share one buffer (a transfer list may name a buffer once).
    const bytes = seen.has(f.data.buffer) ? (f.data.slice().buffer as ArrayBuffer) : ownBuffer(f.data);
    seen.add(bytes);
    return { name: f.name, bytes };
  });
}

/** Float vs int8 test results of the current weights; the float weights are back in place afterwards. */
export async function measureInt8(m: LoadedModel, id: number): Promise<Int8AccuracyReport> {
  const model = await currentModel(m);
  const r = await int8Accuracy(m.trainer, model, m.data.test);
  const div = lossDivisor(m.preprocessing); // scaled regression targets: MSE in raw units
  return {
    id,
    task: m.info.task,
    float: { loss: r.float.loss / div, accuracy: r.float.accuracy },
    int8: { loss: r.int8.loss / div, accuracy: r.int8.accuracy },
    count: r.float.count,
    floatBytes: r.floatBytes,
    int8Bytes: r.int8Bytes,
    epoch: m.trainer.epoch,
    globalStep: m.trainer.globalStep,
  };
}

const modelName = (m: LoadedModel) => (m.info.name ? ` "${m.info.name}"` : '');
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** Parameters of `source` for the loaded model, or ImportRejected saying why not. */
export async function readImport(m: LoadedModel, source: ImportSource): Promise<{ params: Float32Array; report: Omit<ImportReport, 'id'> }> {
  const spec = m.source.spec;
  let params: Float32Array;
  let tensors: number;
  let files: string[];
  if (source.kind === 'safetensors') {
    const { name, bytes } = source.file;
    files = [name];
    try {
      const model = importSafetensors(spec, new Uint8Array(bytes), `"${name}"`);
      params = model.params;
      tensors = modelStateDict(model).length;
    } catch (e) {
      if (!(e instanceof ImportError)) throw e;
      if (e.problems.length) throw new ImportRejected(`"${name}" does not match the model${modelName(m)} (${plural(e.problems.length, 'problem')}):`, e.problems);
      throw new ImportRejected(e.message);
    }
  } else if (source.kind === 'keras' || source.kind === 'onnx') {
    const { name, bytes } = source.file;
    files = [name];
    const { importKeras, KerasImportError } = await import('../io/keras/import-keras');
    const { importOnnx, OnnxImportError } = await import('../io/onnx/import-onnx');
    try {
      const data = new Uint8Array(bytes);
      params = (source.kind === 'keras' ? await importKeras(spec, data, `"${name}"`, m.preprocessing) : importOnnx(spec, data, `"${name}"`, m.preprocessing)).params;
    } catch (e) {
      if (!(e instanceof KerasImportError || e instanceof OnnxImportError)) throw e;
      if (e.problems.length) throw new ImportRejected(`"${name}" does not match the model${modelName(m)} (${plural(e.problems.length, 'problem')}):`, e.problems);
      throw new ImportRejected(e.message);
    }
    tensors = m.trainer.model.layout.entries.length;
  } else {
    files = source.files.map((f) => f.name);
    const { importTfjs, TfjsImportError } = await import('../io/tfjs/import-tfjs');
    try {
      params = importTfjs(
        source.files.map((f) => ({ name: f.name, data: new Uint8Array(f.bytes) })),
        { into: spec },
      ).params;
    } catch (e) {
      if (!(e instanceof TfjsImportError)) throw e;
      throw new ImportRejected(`${files.map((f) => `"${f}"`).join(' + ')} cannot be imported into the model${modelName(m)} (${plural(e.problems.length, 'problem')}):`, e.problems);
    }
    tensors = m.trainer.model.layout.entries.length;
  }
  let bad = 0;
  for (let i = 0; i < params.length; i++) if (!Number.isFinite(params[i])) bad++;
  if (bad) throw new ImportRejected(`${files.map((f) => `"${f}"`).join(' + ')} holds ${plural(bad, 'weight')} that ${bad === 1 ? 'is' : 'are'} not a finite number (NaN or infinite); such weights cannot be trained or evaluated.`);
  return { params, report: { files, format: source.kind, tensors, params: m.info.paramCount } };
}
