/**
 * The shape-only state_dict (expected-shapes.ts) agrees with the real export (modelStateDict) for
 * every preset and zoo model, so an import can compare a file's header to the model before
 * allocating anything; a mismatched header is refused with every problem listed and no allocation
 * of the model's size (a 150M-parameter spec against a tiny file).
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import { sequential } from '../../src/engine/spec';
import { importSafetensors } from '../../src/io/import-safetensors';
import { encodeSafetensors } from '../../src/io/safetensors';
import { modelStateDict } from '../../src/io/state-dict';
import { expectedTorchShapes } from '../../src/io/torch/expected-shapes';
import { trainedModel } from '../../src/io/trained-model';
import { PRESETS } from '../../src/presets/presets';
import { ATTENTION_ZOO } from './attention-zoo';
import { ATTENTION_EDGE_ZOO, ZOO } from './zoo';

describe('expected state_dict shapes', () => {
  it('match modelStateDict name for name, shape for shape, in order', () => {
    const specs = [...PRESETS.map((p) => p.spec), ...[...ZOO, ...ATTENTION_ZOO, ...ATTENTION_EDGE_ZOO].map((z) => z.spec)];
    expect(specs.length).toBeGreaterThan(20);
    for (const spec of specs) {
      const graph = buildGraph(spec);
      const real = modelStateDict(trainedModel(spec, new Float32Array(layoutParams(graph).total))).map((t) => ({ name: t.name, shape: t.shape }));
      expect(expectedTorchShapes(graph), spec.name).toEqual(real);
    }
  });

  it('a header that does not fit a huge model is refused from the header alone', () => {
    const spec = sequential('huge', [{ id: 'input', type: 'Input', shape: [2] }, { id: 'dense', type: 'Dense', units: 50_000_000 }], 'mse', { type: 'sgd', lr: 0.01 });
    const file = encodeSafetensors([{ name: 'dense.weight', shape: [3, 2], data: new Float32Array(6) }], { format: 'pt' });
    const before = process.memoryUsage().arrayBuffers;
    expect(() => importSafetensors(spec, file, 'w.safetensors')).toThrow(
      'w.safetensors is not usable: the weights do not match the model "huge" (2 problems):\n  - "dense.weight": the file has shape [3,2], the model needs [50000000,2]\n  - missing "dense.bias": the model needs a tensor of shape [50000000]',
    );
    // The model's 150M floats (600 MB) were never allocated.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50_000_000);
  });
});
