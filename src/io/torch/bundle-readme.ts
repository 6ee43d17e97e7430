/** README.md of the "continue in PyTorch" bundle. */
import type { TrainedModel } from '../trained-model';
import { optimizerSlots } from '../../engine/spec';
import type { BundleContext, trainConfig } from './bundle';
import { isImageData, torchSampleShape } from './nchw-data';
import { exportPreprocessing } from '../preprocessing';

/** A model name as literal Markdown text on one line (a heading): line breaks become spaces, markup characters are escaped. */
export function markdownText(s: string): string {
  // eslint-disable-next-line no-control-regex -- vertical tab and form feed are line breaks to replace
  return s.replace(/[\r\n\u000b\u000c\u0085\u2028\u2029]+/g, ' ').replace(/[\\`*_{}[\]()<>#+\-.!|~&]/g, (c) => `\\${c}`);
}

/** The preprocessing.json row (empty without scaling). */
function scalingRow(model: TrainedModel): string {
  const pre = exportPreprocessing(model);
  if (!pre) return '';
  const y = pre.targets ? '; `y_train` is in the scaled units the loss reads (`logits()` too), `predict()` gives raw units' : '';
  return `| \`preprocessing.json\` | the ${pre.mode} scaling \`model.py\` applies: it takes raw rows (\`x_train\` is raw)${y} |\n`;
}

export function bundleReadme(model: TrainedModel, ctx: BundleContext, config: ReturnType<typeof trainConfig>): string {
  const o = config.optimizer;
  const opt = Object.entries(o)
    .filter(([k]) => k !== 'type')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `# ${markdownText(model.spec.name ?? 'Model')}: continue training in PyTorch

Exported from the WebGPU playground where training stopped${ctx.lastLoss != null ? ` (last epoch's loss ${ctx.lastLoss.toFixed(4)})` : ''}.

| file | what |
|------|------|
| \`model.py\` | the model as a PyTorch \`nn.Module\` (\`Model\`); takes images NCHW like torchvision (\`Model(channels_last=True)\` takes the playground's NHWC) |
| \`weights.safetensors\` | the weights, PyTorch \`state_dict\` names and layouts (\`load_state_dict(..., strict=True)\`) |
| \`train.py\` | keeps training with the same loss, optimizer and batch size |
| \`train.json\` | those settings: ${config.loss}; ${o.type} (${opt}); batch ${config.batchSize}; ${config.epochs} epochs; seed ${config.seed} |
| \`data.safetensors\` | the playground's training split: \`x_train\` [${ctx.train.n}, ${torchSampleShape(ctx.train).join(', ')}]${isImageData(ctx.train) ? ' (NCHW)' : ''}, \`y_train\` |
${scalingRow(model)}
## Run

\`\`\`sh
pip install torch safetensors numpy
python train.py                       # one process: CPU, or the first GPU
python train.py --epochs 1 --limit 2000
torchrun --standalone --nproc_per_node=2 train.py   # DistributedDataParallel: gloo on CPU, nccl on GPUs
\`\`\`

train.py prints the loss of the loaded weights first (it starts where the playground stopped),
then one line per epoch, and writes \`weights-continued.safetensors\` (same names and layouts:
import it back into the playground). Under torchrun \`--batch\` is the global batch size, split
across processes.

## Differences from the playground

- ${config.optimizerState ? `The optimizer continues from the playground's state (\`optimizer.safetensors\`: ${optimizerSlots(model.spec.optimizer).join(', ')} per weight, after ${config.step} steps); \`--fresh-optimizer\` starts it over.` : 'The optimizer starts fresh (this export carried no optimizer state); the weights are exactly the playground\'s.'}
- The update rules are the playground's own (Keras 3's, in \`PlaygroundOptimizer\`), not torch.optim's, whose RMSprop, AdaGrad and Adam place epsilon differently.
- Shuffling uses PyTorch's generator, so batches differ from the playground's order.
- The learning rate is constant${config.schedule !== 'constant' ? ` (the playground used a "${config.schedule}" schedule)` : ''}.
`;
}
