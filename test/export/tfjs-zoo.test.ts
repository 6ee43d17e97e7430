/**
 * The export-corner models of zoo.ts exported to the TF.js layers format and loaded by
 * TensorFlow.js: predictions must match the playground's within 1e-5 (1e-4 with convolutions).
 * Models TF.js cannot express are skipped with the reason.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { ZOO, zooModel } from './zoo';
import { loadTfjs, maxAbsDiff, predictTfjs } from './tfjs-load';

function skipReason(z: (typeof ZOO)[number]): string | null {
  const types = z.spec.layers.map((l) => l.type);
  if (types.includes('GRU')) return 'TensorFlow.js has no GRU with reset_after=true';
  if (types.includes('Bidirectional')) return 'Bidirectional has no TF.js export yet';
  return null;
}

describe('TF.js export of the zoo models matches the playground in TensorFlow.js', () => {
  for (const z of ZOO) {
    const skip = skipReason(z);
    it.skipIf(skip !== null)(`${z.id}${skip ? ` (skipped: ${skip})` : ''}`, async () => {
      await tf.setBackend('cpu');
      const m = await zooModel(z);
      const model = await loadTfjs(exportTfjs(m.model));
      const got = predictTfjs(model, m.inputs);
      model.dispose();
      const diff = maxAbsDiff(got, m.predictions);
      const tol = m.conv ? 1e-4 : 1e-5;
      console.log(`tfjs ${z.id}: max abs diff ${diff.toExponential(2)} (tolerance ${tol})`);
      expect(diff).toBeLessThanOrEqual(tol);
    }, 120_000);
  }
});
