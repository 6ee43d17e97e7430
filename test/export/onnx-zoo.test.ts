/**
 * The export-corner models exported and run in onnxruntime, compared with the playground in the
 * model's output shape (within 1e-5; 1e-4 with convolutions): zoo.ts's ZOO (DAG with Add,
 * asymmetric 'same' pads, GRU, Bidirectional, masking with padding anywhere, ...) and
 * attention-zoo.ts's ATTENTION_ZOO through describeZooInPython, then zoo.ts's ATTENTION_EDGE_ZOO
 * (queries that see no key, masked average over only padding, masked and causal cross-attention).
 * One Python process per list.
 */
import { beforeAll, describe, it } from 'vitest';
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { describeZooInPython, expectSameOutputs, runZooInPython, type ConsumerResult } from './zoo-python';
import { ATTENTION_EDGE_ZOO, zooModel, type ZooModel } from './zoo';

describeZooInPython('onnxruntime', exportOnnx, 'onnx', 'test/export/py/onnx_predict.py');

describe('onnx export of the attention edge cases matches the playground in onnxruntime', () => {
  const models = new Map<string, ZooModel>();
  let results: Record<string, ConsumerResult> = {};
  beforeAll(async () => {
    for (const z of ATTENTION_EDGE_ZOO) models.set(z.id, await zooModel(z));
    results = await runZooInPython([...models.values()], exportOnnx, 'onnx', 'test/export/py/onnx_predict.py');
  }, 600_000);

  for (const z of ATTENTION_EDGE_ZOO) {
    it(z.id, () => expectSameOutputs(`onnx ${z.id}`, results[z.id], models.get(z.id)!, 1e-5));
  }
});
