/**
 * The export-corner models of zoo.ts (DAG with Add, asymmetric 'same' pads, GRU, Bidirectional,
 * masking with padding anywhere, ...) exported and run in Keras 3: predictions must match the
 * playground's within 1e-5 (1e-4 with convolutions). One Python process for all.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exportKeras } from '../../src/io/keras/export-keras';
import { ZOO, zooModel, type ZooModel } from './zoo';
import { runZooInPython, type ConsumerResult } from './zoo-python';
import { maxAbsDiff } from './tfjs-load';

describe('keras export of the zoo models matches the playground in Keras 3', () => {
  const models = new Map<string, ZooModel>();
  let results: Record<string, ConsumerResult> = {};
  beforeAll(async () => {
    for (const z of ZOO) models.set(z.id, await zooModel(z));
    results = await runZooInPython([...models.values()], exportKeras, 'keras', 'test/export/py/keras_predict.py');
  }, 600_000);

  for (const z of ZOO) {
    it(z.id, () => {
      const r = results[z.id];
      if ('error' in r) throw new Error(r.error);
      const m = models.get(z.id)!;
      expect(r.shape).toEqual([m.inputs.n, m.outputs]);
      const diff = maxAbsDiff(r.y, m.predictions);
      const tol = m.conv ? 1e-4 : 1e-5;
      console.log(`keras ${z.id}: max abs diff ${diff.toExponential(2)} (tolerance ${tol})`);
      expect(diff).toBeLessThanOrEqual(tol);
    });
  }
});
