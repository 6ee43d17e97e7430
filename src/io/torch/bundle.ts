/**
 * The "continue in PyTorch" bundle: model.py, weights.safetensors, train.py (plain process or
 * torchrun + DistributedDataParallel), train.json (the playground's optimizer, loss and batch
 * settings), data.safetensors (the playground's own training split) and a README.
 *
 * With feature / target scaling (TrainedModel.preprocessing) model.py takes raw rows, so x_train is
 * written raw; y_train stays in the scaled units the loss reads (forward(..., final_activation=False)
 * is scaled too), so train.py's loss and every update equal the playground's. preprocessing.json and
 * the data file's metadata say so; predict() and forward() give raw target units. Images are written
 * NCHW ([n, C, H, W]), the layout model.py takes.
 */
import type { Dataset } from '../../data/dataset';
import { optimizerDefaults, optimizerSlots } from '../../engine/spec';
import type { OptimizerState } from '../../engine/trainer';
import { encodeSafetensors } from '../safetensors';
import { modelStateDict } from '../state-dict';
import { applyAffine, invertAffine, type Preprocessing } from '../../data/scaling';
import { exportPreprocessing, preprocessingJson } from '../preprocessing';
import { trainedModel, type ExportFile, type TrainedModel } from '../trained-model';
import { bundleReadme } from './bundle-readme';
import { modelPyFile, preprocessingFiles, weightsFile } from './export-safetensors';
import TRAIN_PY from './train.py?raw';
import { nchw, torchSampleShape } from './nchw-data';

export interface BundleContext {
  /**
   * The training split the playground trained on (validation rows already held out), in raw units
   * (as uploaded) unless `trainScaled`.
   */
  train: Dataset;
  /** `train` already holds the scaled rows (model.preprocessing applied); the bundle writes x back in raw units. */
  trainScaled?: boolean;
  batchSize: number;
  epochs: number;
  seed: number;
  /** The playground's last epoch's training loss, printed beside train.py's starting loss. */
  lastLoss?: number | null;
  /** Learning-rate schedule kind in the playground (train.py uses a constant rate). */
  schedule?: string;
  /** The optimizer's state where the playground stopped; train.py continues from it (else it starts fresh). */
  optimizerState?: OptimizerState;
}

export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** PyTorch parameter names that get weight decay (the engine's kernels, not biases). */
function decayNames(model: TrainedModel): string[] {
  const decayLayers = new Set(model.layout.entries.filter((e) => e.decl.decay).map((e) => e.layer));
  return modelStateDict(model)
    .map((t) => t.name)
    .filter((n) => {
      // The layer id, then the tensor's own name (after the last dot: `query.weight` is
      // MultiHeadAttention's query kernel, `weight_ih_l0` a recurrent one).
      const dot = n.indexOf('.');
      return decayLayers.has(n.slice(0, dot)) && n.slice(n.lastIndexOf('.') + 1).startsWith('weight');
    });
}

/** The dataset as float32 arrays (token ids and class ids are exact in float32 below 2^24). */
export function datasetFile(ds: Dataset, pre: Preprocessing | null = null, scaled = false): Uint8Array {
  let maxId = 0;
  if (ds.inputDtype === 'int32') for (let i = 0; i < ds.x.length; i++) maxId = Math.max(maxId, Math.abs(ds.x[i]));
  if (maxId >= 2 ** 24) throw new BundleError(`token id ${maxId} is too large to store exactly`);
  // Class ids: one per sample, or one per position ([n, T]) for a language model; regression rows as they are.
  const yShape = [ds.n, ...ds.targetShape];
  return encodeSafetensors(
    [
      { name: 'x_train', shape: [ds.n, ...torchSampleShape(ds)], data: nchw(ds, bundleX(ds, pre, scaled)) },
      { name: 'y_train', shape: yShape, data: bundleY(ds, pre, scaled) },
    ],
    { dataset: ds.name, x_dtype: ds.inputDtype, task: ds.task, ...(pre ? { preprocessing: preprocessingJson(pre), x_units: 'raw (model.py scales them)', y_units: pre.targets ? 'scaled, as the loss reads them (raw = y / scale + offset)' : 'raw' } : {}) },
  );
}

/** x_train as model.py takes it: raw rows. */
function bundleX(ds: Dataset, pre: Preprocessing | null, scaled: boolean): Float32Array {
  const width = ds.inputShape.reduce((a, b) => a * b, 1);
  return pre?.features && scaled ? invertAffine(ds.x, width, pre.features) : Float32Array.from(ds.x);
}

/** y_train as the loss reads it: scaled regression targets when the model has target scaling. */
function bundleY(ds: Dataset, pre: Preprocessing | null, scaled: boolean): Float32Array {
  const width = ds.targetShape.reduce((a, b) => a * b, 1);
  return pre?.targets && !scaled ? applyAffine(ds.y, width, pre.targets) : Float32Array.from(ds.y);
}

const OPTIMIZER_FILE = 'optimizer.safetensors';

/**
 * The optimizer's state as safetensors: every slot mapped like the weights it belongs to
 * (`<slot>.<parameter name>`, PyTorch layouts, so train.py's optimizer state lines up with
 * model.named_parameters()), with the step count in the metadata.
 */
export function optimizerFile(model: TrainedModel, state: OptimizerState): Uint8Array {
  const want = optimizerSlots(model.spec.optimizer);
  const have = Object.keys(state.slots);
  if (want.join() !== have.join()) throw new BundleError(`the optimizer state has slots [${have.join(', ')}] but ${model.spec.optimizer.type} keeps [${want.join(', ')}]`);
  const tensors = want.flatMap((slot) => modelStateDict(trainedModel(model.spec, state.slots[slot])).map((t) => ({ ...t, name: `${slot}.${t.name}` })));
  return encodeSafetensors(tensors, { optimizer: model.spec.optimizer.type, step: String(state.step) });
}

export function trainConfig(model: TrainedModel, ctx: BundleContext) {
  return {
    loss: model.spec.loss,
    optimizer: optimizerDefaults(model.spec.optimizer),
    weightDecay: model.spec.weightDecay ?? 0,
    clipNorm: model.spec.clipNorm ?? 0,
    decay: decayNames(model),
    batchSize: ctx.batchSize,
    epochs: ctx.epochs,
    seed: ctx.seed,
    inputDtype: ctx.train.inputDtype,
    lastLoss: ctx.lastLoss ?? null,
    schedule: ctx.schedule ?? 'constant',
    optimizerState: ctx.optimizerState ? OPTIMIZER_FILE : null,
    /** Steps the playground took (Adam's bias correction continues from here). */
    step: ctx.optimizerState?.step ?? 0,
  };
}

export function exportTorchBundle(model: TrainedModel, ctx?: BundleContext): ExportFile[] {
  if (!ctx) throw new BundleError('the PyTorch bundle needs the training data and settings: export it from a project or a training run');
  const input = model.spec.layers.find((l) => l.type === 'Input');
  const inputs = model.spec.layers.filter((l) => l.type === 'Input');
  if (inputs.length !== 1) throw new BundleError(`the PyTorch bundle supports models with one Input layer (this one has ${inputs.length})`);
  const want = input && input.type === 'Input' ? input.shape.join('x') : '';
  if (ctx.train.inputShape.join('x') !== want) throw new BundleError(`the training data has samples of shape [${ctx.train.inputShape.join(', ')}] but the model's input is [${want.split('x').join(', ')}]`);
  const config = trainConfig(model, ctx);
  const pre = exportPreprocessing(model);
  return [
    modelPyFile(model),
    weightsFile(model),
    ...preprocessingFiles(model),
    ...(ctx.optimizerState ? [{ name: OPTIMIZER_FILE, data: optimizerFile(model, ctx.optimizerState) }] : []),
    { name: 'train.py', data: utf8(TRAIN_PY) },
    { name: 'train.json', data: utf8(JSON.stringify(config, null, 2)) },
    { name: 'data.safetensors', data: datasetFile(ctx.train, pre, ctx.trainScaled === true) },
    { name: 'README.md', data: utf8(bundleReadme(model, ctx, config)) },
  ];
}
