/**
 * The export-corner models of zoo.ts and attention-zoo.ts exported to the TF.js layers format and
 * loaded by TensorFlow.js: output shape [n, ...the model's output shape], predictions within 1e-5
 * of the playground's (1e-4 with convolutions). Models TF.js cannot express (a GRU; a masked
 * Bidirectional returning sequences into Flatten) are skipped with the reason, and their export
 * must fail with an error naming the layer.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import type { ModelSpec } from '../../src/engine/spec';
import { ZOO, zooModel, type ZooModel } from './zoo';
import { ATTENTION_ZOO } from './attention-zoo';
import { loadTfjs, predictTfjsShaped } from './tfjs-load';
import { expectSameOutputs } from './zoo-python';

/** The models TF.js cannot express, with the reason the export gives. Every other model must export and match. */
const CANNOT: Record<string, { reason: string; error: RegExp }> = {
  'zoo-gru-masked': { reason: 'TensorFlow.js has no GRU with reset_after=true', error: /layer "gru": TensorFlow\.js has no GRU with reset_after=true/ },
  'zoo-bidirectional': {
    reason: "TensorFlow.js's Bidirectional repeats the previous output on padded steps where the playground outputs zeros, and Flatten reads them",
    error: /layer "bi": TensorFlow\.js's Bidirectional repeats the previous output on padded steps/,
  },
  'zoo-conv1d-causal': { reason: "TensorFlow.js's Conv1D does not support causal padding", error: /layer "a": TensorFlow\.js's Conv1D does not support causal padding/ },
};
const hasGru = (s: ModelSpec) => s.layers.some((l) => l.type === 'GRU' || (l.type === 'Bidirectional' && l.layer.type === 'GRU'));

const ALL: { id: string; spec: ModelSpec; build: () => Promise<ZooModel> }[] = [
  ...ZOO.map((z) => ({ id: z.id, spec: z.spec, build: () => zooModel(z) })),
  ...ATTENTION_ZOO.map((z) => ({ id: z.id, spec: z.spec, build: () => zooModel(z) })),
];

describe('TF.js export of the zoo models matches the playground in TensorFlow.js', () => {
  for (const z of ALL) {
    const cannot = CANNOT[z.id] ?? (hasGru(z.spec) ? { reason: 'TensorFlow.js has no GRU with reset_after=true', error: /TensorFlow\.js has no GRU with reset_after=true/ } : null);
    const skip = cannot?.reason ?? null;
    it.skipIf(skip !== null)(`${z.id}${skip ? ` (skipped: ${skip})` : ''}`, async () => {
      await tf.setBackend('cpu');
      const m = await z.build();
      const model = await loadTfjs(exportTfjs(m.model));
      const got = predictTfjsShaped(model, m.inputs);
      model.dispose();
      expectSameOutputs(`tfjs ${z.id}`, got, m, m.conv ? 1e-4 : 1e-5);
    }, 120_000);
    if (cannot) {
      it(`${z.id}: the export refuses it naming the layer`, async () => {
        const m = await z.build();
        expect(() => exportTfjs(m.model)).toThrow(cannot.error);
      }, 120_000);
    }
  }
});
