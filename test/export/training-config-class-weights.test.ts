/**
 * Class weights in the exports' training configs: Keras 3's compile_config and TF.js's trainingConfig
 * cannot carry them (Keras passes class_weight to fit), so both are refused with that reason (the
 * Keras refusal names the class_weight dict to pass to fit); model.json's playground metadata keeps
 * the loss options and the TF.js import restores them. The same model without weights still exports
 * its loss.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { sequential, type ModelSpec } from '../../src/engine/spec';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { importTfjs } from '../../src/io/tfjs/import-tfjs';
import { trainedModel } from '../../src/io/trained-model';
import { kerasCompileConfig, kerasRefusal, tfjsRefusal, tfjsTrainingConfig } from '../../src/io/training-config';

const model = (lossOptions?: ModelSpec['lossOptions']): ModelSpec => {
  const s = sequential('cw', [{ id: 'input', type: 'Input', shape: [3] }, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }], 'sparse_categorical_crossentropy', { type: 'adam' });
  return lossOptions ? { ...s, lossOptions } : s;
};

describe('class weights in the training configs', () => {
  it('Keras and TF.js refuse them with the reason; the metadata keeps them and the TF.js import restores them', () => {
    const plain = model();
    expect(kerasCompileConfig(plain)!.loss).toBe('sparse_categorical_crossentropy');
    expect(tfjsTrainingConfig(plain)!.loss).toBe('sparse_categorical_crossentropy');
    const weighted = model({ classWeights: [1, 2.5, 0.5] });
    expect(kerasCompileConfig(weighted)).toBeNull();
    expect(kerasRefusal(weighted)).toBe("class weights are an argument of Keras's fit, which the compile config does not carry: pass class_weight={0: 1, 1: 2.5, 2: 0.5} to fit");
    expect(tfjsTrainingConfig(weighted)).toBeNull();
    expect(tfjsRefusal(weighted)).toMatch(/class_weight=\{0: 1, 1: 2\.5, 2: 0\.5\}/);
    const params = initParams(layoutParams(buildGraph(weighted)), 1);
    const files = exportTfjs(trainedModel(weighted, params));
    const json = JSON.parse(new TextDecoder().decode(files.find((f) => f.name === 'model.json')!.data));
    expect(json.trainingConfig).toBeNull();
    expect(json.userDefinedMetadata.playground.trainingConfigRefused).toMatch(/Keras's fit/);
    expect(json.userDefinedMetadata.playground.lossOptions).toEqual({ classWeights: [1, 2.5, 0.5] });
    expect(importTfjs(files).spec.lossOptions).toEqual({ classWeights: [1, 2.5, 0.5] });
  });
});
