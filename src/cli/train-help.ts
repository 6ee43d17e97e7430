/** `npm run train -- --help`: the options, the presets and the datasets. */
import { listDatasets } from '../data/registry';
import { LOSSES } from '../engine/losses';
import { OPTIMIZERS } from '../engine/optimizers';
import { PRESETS } from '../presets/presets';
import { DEFAULT_STATS_EVERY } from './stats-log';

export function trainHelp(): string {
  const presets = PRESETS.map((p) => `  ${p.id.padEnd(14)} ${p.number ? `#${p.number}` : '  '}  ${p.title}  (dataset: ${p.dataset})`).join('\n');
  const datasets = listDatasets().map((d) => `  ${d.id.padEnd(16)} ${d.label}: ${d.description}`).join('\n');
  return `Train a model headless on WebGPU.

Usage: npm run train -- (--preset <id> | --spec FILE | --project FILE | --resume RUN) [options]

What to train (one of):
  --preset <id>   an example model (id or its number) with its dataset and settings
  --spec FILE     a model spec (JSON: a run's spec.json or the app's model); needs --dataset or --data
  --project FILE  a project file saved from the app (*.playground.json): its model, dataset and
                  settings (a project on an uploaded file needs that file as --data)
  --resume RUN    continue a run directory from its last checkpoint (weights, optimizer state, step,
                  schedule) up to --epochs N in all (default: the run's epochs); writes to RUN
                  unless --out is given; only --epochs, --lr and --out may be given with it

Data (default: the preset's or project's dataset):
  --dataset D     a built-in dataset (below), e.g. digits instead of fashion-mnist
  --data FILE     your own file, read like an upload in the app; 10% of its rows are the test set:
                    a numeric CSV with a header row (--label-column C: default label, class,
                    target or y, else the last column; --task classification|regression: default
                    regression for an MSE model, else inferred from the label column);
                    a CSV of (text, label) rows: token ids for a model whose input feeds an
                    Embedding, tf-idf features for a Dense input (--text-column, --label-column);
                    an IDX pair: --data images.idx --labels labels.idx, or --data a.idx,b.idx
                    (raw or .gz); a .txt file: plain text for a character language model
                    (--preset char-lm), its last 10% the test part and the 10% before it validation
  --scaling M     a numeric CSV's feature (and regression target) scaling: none, standard or
                  minmax, from its training rows, as the app's Dataset panel (default: the project's,
                  else none); losses and predictions are reported in the file's own units
  --train-limit N use only the first N training samples (before the validation split)

Overrides (default: the preset's, project's or spec's):
  --epochs N      epochs to train
  --batch B       batch size
  --seed S        seed for weights, data and shuffling
  --lr X          learning rate
  --optimizer O   one of ${OPTIMIZERS.join(', ')} (another optimizer starts from its defaults)
  --loss L        one of ${LOSSES.join(', ')} (Keras 3's losses; the output must
                  fit it: a softmax for the cross-entropies and kl_divergence, 1 unit for
                  binary_crossentropy and the hinges, no softmax for the regression losses)
  --huber-delta X Huber's delta (default 1.0, Keras's)
  --label-smoothing E  the cross-entropies' label smoothing in [0, 1): targets t (1 - E) + E / classes
                  (binary: E / 2), Keras's; for class ids as PyTorch's CrossEntropyLoss
  --class-weights W  the cross-entropies' per-class weights, one per class (binary: w0,w1), e.g.
                  1,1,2.5: Keras's class_weight in fit (each sample's loss times its class's
                  weight, then the mean over the batch size; training loss only, the validation
                  loss is unweighted; not PyTorch's weight=, which divides by the sum of weights)

Output:
  --out DIR       where to write (default runs/<preset>, or runs/model): log.json, spec.json,
                  weights.safetensors, optimizer-state.safetensors (a checkpoint after every epoch),
                  metrics.csv (Keras CSVLogger) and tensorboard/{train,validation}/ event files
                  (tensorboard --logdir DIR/tensorboard); a run whose loss turns NaN or infinite
                  stops, keeps the last epoch's finite weights and exits with status 1
  --summary       print the model's summary (layers, output shapes, parameters, FLOPs and
                  activation memory per sample, Keras's layout) and exit; every run prints it first
  --stats-every N per-layer statistics (histograms of weights, gradients and outputs, gradient
                  norms, update ratio, dead and saturated units) sampled on the GPU every N steps
                  (default ${DEFAULT_STATS_EVERY}; 0: off) into DIR/stats.jsonl and TensorBoard
                  histograms; layer-health warnings are printed at epoch ends
  -h, --help      this text

Presets:
${presets}

Datasets:
${datasets}
`;
}
