/**
 * The PyTorch export in the model a PyTorch user writes: for every preset and zoo model with a
 * Flatten (or a Reshape to one axis) after spatial layers, weights.safetensors loads with
 * load_state_dict(strict=True) into a plain hand-written PyTorch model (py/plain_torch_predict.py:
 * nn.Conv2d, nn.MaxPool2d, nn.Flatten, nn.Linear..., NOT the generated model.py) fed NCHW images,
 * and its predictions equal the playground's within 1e-5. The same weights with the flattened
 * Dense's columns in the playground's (H, W, C) order (the layout before the export followed
 * PyTorch's) are shown to give different predictions, so the comparison can fail.
 * The list of models (cnn-bn and zoo-batchnorm: nn.BatchNorm2d/1d in eval mode with the exported
 * running statistics) is checked against every preset and zoo model the layout rule marks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph } from '../../src/engine/graph';
import type { ModelSpec } from '../../src/engine/spec';
import { PRESETS } from '../../src/presets/presets';
import { denseColumnOrders } from '../../src/io/torch/flatten-layout';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { modelStateDict } from '../../src/io/state-dict';
import type { Dataset } from '../../src/data/dataset';
import { runPython } from '../helpers/python';
import { trainPreset } from '../helpers/trained-preset';
import { maxAbsDiff, writeFiles } from './pytorch-harness';
import { ATTENTION_EDGE_ZOO, ZOO, zooModel } from './zoo';
import { ATTENTION_ZOO } from './attention-zoo';
import { layerZoo } from './layer-zoo';
import type { TrainedModel } from '../../src/io/trained-model';

const LAYER_ZOO = { id: 'layer-zoo', spec: layerZoo(), inputShape: [8, 8, 3], rows: 4 };

/** The hand-written models of plain_torch_predict.py. */
const HAND_WRITTEN = ['cnn', 'cnn-2conv', 'zoo-conv-dag', 'zoo-norm-image', 'layer-zoo', 'zoo-multiply', 'zoo-concatenate', 'cnn-bn', 'zoo-batchnorm'];

interface Case {
  model: TrainedModel;
  inputs: Dataset;
  predictions: Float32Array;
}
type PlainResult = { shape: number[]; keys: string[]; hwc_diff: number } | { error: string };

const flattened = (spec: ModelSpec) => denseColumnOrders(buildGraph(spec));

describe('PyTorch export into a hand-written PyTorch model (NCHW)', () => {
  it('covers every preset and zoo model with a Dense after a flattened image', () => {
    const all = [...PRESETS.map((p) => ({ id: p.id, spec: p.spec })), ...[...ZOO, ...ATTENTION_ZOO, ...ATTENTION_EDGE_ZOO, LAYER_ZOO].map((z) => ({ id: z.id, spec: z.spec }))];
    const marked = all.filter((m) => flattened(m.spec).size > 0).map((m) => m.id);
    expect(marked.sort()).toEqual([...HAND_WRITTEN].sort());
  });

  const cases = new Map<string, Case>();
  let results: Record<string, PlainResult> = {};
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    for (const id of ['cnn', 'cnn-2conv', 'cnn-bn']) cases.set(id, await trainPreset(id, { steps: 3, probe: 8 }));
    for (const z of [...ZOO, ...ATTENTION_EDGE_ZOO, LAYER_ZOO].filter((e) => HAND_WRITTEN.includes(e.id))) cases.set(z.id, await zooModel(z));
    const models = [];
    for (const [id, c] of cases) {
      const dir = writeFiles(await exportSafetensors(c.model));
      dirs.set(id, dir);
      const x = join(dir, 'x.bin');
      writeFiles([{ name: 'x.bin', data: new Uint8Array(c.inputs.x.buffer, c.inputs.x.byteOffset, c.inputs.x.byteLength) }], dir);
      const hwc = Object.fromEntries([...flattened(c.model.spec)].map(([layer, image]) => [`${layer}.weight`, image]));
      models.push({ id, dir, x, shape: [c.inputs.n, ...c.inputs.inputShape], out: join(dir, 'plain.bin'), flattened: hwc });
    }
    results = runPython<Record<string, PlainResult>>('test/export/py/plain_torch_predict.py', { models }, { timeoutMs: 300_000 });
  }, 600_000);

  for (const id of HAND_WRITTEN) {
    it(`${id}: strict load into the hand-written model, NCHW predictions within 1e-5`, () => {
      const c = cases.get(id)!;
      const r = results[id];
      if (!r || 'error' in r) throw new Error(`${id}: ${r ? r.error : 'no result'}`);
      expect(r.keys).toEqual(modelStateDict(c.model).map((t) => t.name).sort());
      expect(r.shape).toEqual([c.inputs.n, c.predictions.length / c.inputs.n]);
      const buf = readFileSync(join(dirs.get(id)!, 'plain.bin'));
      const diff = maxAbsDiff(new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8), c.predictions);
      console.log(`[pytorch-plain] ${id}: max abs difference ${diff.toExponential(2)}; with (H, W, C) columns ${r.hwc_diff.toExponential(2)}`);
      expect(diff).toBeLessThanOrEqual(1e-5);
      // The playground's flatten order in the hand-written model: different answers.
      expect(r.hwc_diff).toBeGreaterThan(1e-3);
    });
  }
});
