/**
 * PyTorch parity of Conv1D, MaxPooling1D and AveragePooling1D (nn.Conv1d, F.max_pool1d,
 * F.avg_pool1d on the NCL sequence in the exported model.py) on the two conv1d zoo models
 * ('same' with stride 2, overlapping 'same' max pooling, gelu without bias, 'same' average
 * pooling with a one-step last window; causal with strides 1 and 2, softmax over the filters,
 * default max pooling, GlobalAveragePooling1D), plain SGD (lr 0.1), 32 rows as one batch.
 * Forward: model.py predicts from the playground's weights before training and after 5 steps,
 * within 1e-5 of the playground's GPU predictions. Training: the PyTorch bundle's train.py takes
 * the same 5 steps from the same weights; its weights must equal the playground's within 1e-5
 * (each step moves a weight by 0.1 · its gradient, so the summed gradients agree within 1e-4).
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import type { ModelSpec } from '../../src/engine/spec';
import { seededArray } from '../helpers/gpu';
import { torchStepsParity } from './torch-steps';
import { sampleOutputShape, ZOO } from './zoo-specs';

const N = 32;
const STEPS = 5;

describe('Conv1D and the 1D poolings: playground vs PyTorch, forward and 5 SGD steps', () => {
  for (const z of ZOO.filter((e) => e.id.startsWith('zoo-conv1d'))) {
    it(`${z.id}: model.py forward within 1e-5, train.py's 5 steps within 1e-5 of the playground's weights`, async () => {
      const spec: ModelSpec = { ...z.spec, optimizer: { type: 'sgd', lr: 0.1 } };
      const classes = sampleOutputShape(spec)[0];
      const per = z.inputShape.reduce((a, b) => a * b, 1);
      const ds: Dataset = { name: z.id, task: 'classification', n: N, inputShape: z.inputShape, inputDtype: 'float32', x: seededArray(N * per, 5, -2, 2), y: Int32Array.from({ length: N }, (_, i) => (i * 7) % classes), targetShape: [], numClasses: classes };
      const { fwd0, fwdAfter, moved, diff } = await torchStepsParity(spec, ds, STEPS, classes);
      console.log(`[conv1d-torch] ${z.id}: forward ${fwd0.toExponential(2)} / ${fwdAfter.toExponential(2)} (step 0 / 5); weights moved ${moved.toExponential(2)}; train.py vs playground after ${STEPS} steps ${diff.toExponential(2)}`);
      expect(moved).toBeGreaterThan(1e-3);
      expect(fwd0).toBeLessThan(1e-5);
      expect(fwdAfter).toBeLessThan(1e-5);
      expect(diff).toBeLessThan(1e-5);
    }, 300_000);
  }
});
