/**
 * safetensors + model.py export of every preset whose layers PyTorch export supports: after a
 * short seeded training run, real PyTorch loads the files with load_state_dict(strict=True) and
 * its predictions on fixed inputs match the playground's within 1e-5 (1e-4 with convolutions).
 * The shape must be [n, ...the model's output shape]: [n, classes], or [n, T, vocab] for char-lm's
 * next-character distribution at every position.
 */
import { describe, expect, it } from 'vitest';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { modelStateDict } from '../../src/io/state-dict';
import { buildGraph } from '../../src/engine/graph';
import { trainPreset } from '../helpers/trained-preset';
import { maxAbsDiff, torchPredict, writeFiles } from './pytorch-harness';

const CASES: [string, number][] = [
  ['mlp-100', 1e-5],
  ['mlp-1000', 1e-5],
  ['regression', 1e-5],
  ['bow-text', 1e-5],
  ['spiral-mlp', 1e-5],
  ['cnn', 1e-4],
  ['cnn-2conv', 1e-4],
  ['rnn-waves', 1e-5],
  ['lstm-topics', 1e-5],
  ['lstm-sentiment', 1e-5],
  ['transformer-sentiment', 1e-5],
  ['transformer-topics', 1e-5],
  ['char-lm', 1e-5],
];

describe('PyTorch export of the presets', () => {
  for (const [id, tol] of CASES) {
    it(`${id}: strict load and predictions within ${tol}`, async () => {
      const t = await trainPreset(id, { steps: 3, probe: 8 });
      const dir = writeFiles(await exportSafetensors(t.model));
      const r = torchPredict(dir, t.inputs);
      expect(r.keys).toEqual(modelStateDict(t.model).map((x) => x.name).sort());
      const outShape = buildGraph(t.preset.spec).output.out.shape;
      expect(outShape[outShape.length - 1]).toBe(t.outputs);
      expect(r.shape).toEqual([t.inputs.n, ...outShape]);
      expect(t.predictions.length).toBe(r.pred.length);
      const diff = maxAbsDiff(r.pred, t.predictions);
      console.log(`[pytorch-presets] ${id}: max abs prediction difference ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(tol);
    }, 300_000);
  }
});
