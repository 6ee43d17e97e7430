/** The UI's dataset catalogue agrees with what the loaders produce, and imports no loader. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, DATASET_IDS, datasetMeta, isDatasetId, listCatalog } from '../../src/data/catalog';
import { DIGITS_DEFAULT_NOISE } from '../../src/data/digits';
import { TOPIC_DEFAULT_NOISE } from '../../src/data/corpora';
import { FASHION_MNIST_CLASSES } from '../../src/data/fashion-mnist';
import { getDataset, loadDataset, DATASET_IDS as REGISTRY_IDS } from '../../src/data/registry';
import { WAVES_DEFAULT_NOISE } from '../../src/data/sequences';

describe('dataset catalogue', () => {
  it('has the registry ids in the same order', () => {
    expect(DATASET_IDS).toEqual(REGISTRY_IDS);
    expect(listCatalog().map((d) => d.id)).toEqual(REGISTRY_IDS);
    expect(isDatasetId('fashion-mnist')).toBe(true);
    expect(isDatasetId('upload:x')).toBe(false);
  });

  it('matches the shapes, dtypes, tasks and class names of the loaded data', async () => {
    for (const id of DATASET_IDS) {
      const m = datasetMeta(id);
      const { train, test } = await loadDataset(id, { n: 12 });
      expect(train.inputShape, id).toEqual(m.inputShape);
      expect(train.inputDtype, id).toBe(m.inputDtype);
      expect(train.task, id).toBe(m.task);
      expect(train.numClasses, id).toBe(m.numClasses);
      if (m.kind === 'chars') {
        // A character corpus: its vocabulary (the class names) and sizes follow the text (the README).
        expect(train.classNames?.[0], id).toBe('\uFFFD');
        expect(train.classNames, id).toHaveLength(m.numClasses!);
        expect(train.targetShape, id).toEqual(m.targetShape);
        expect(Math.abs(test.n - m.defaults.test) / m.defaults.test, id).toBeLessThan(0.3);
      } else {
        expect(train.classNames, id).toEqual(m.classNames);
        expect(test.n, id).toBe(m.defaults.test);
      }
      expect(getDataset(id).label, id).toBe(m.label);
      expect(getDataset(id).defaults, id).toEqual(m.defaults);
      expect(m.kind === 'image', id).toBe(m.inputShape.length === 3);
      expect(m.kind === 'points', id).toBe(m.inputShape.length === 1 && m.inputShape[0] === 2);
      expect(m.kind === 'tokens' || m.kind === 'chars', id).toBe(m.inputDtype === 'int32');
    }
  }, 120_000);

  it('keeps the generators\' default noise levels and class lists', () => {
    expect(CATALOG.digits.defaults.noise).toBe(DIGITS_DEFAULT_NOISE);
    expect(CATALOG.waves.defaults.noise).toBe(WAVES_DEFAULT_NOISE);
    expect(CATALOG['topics-ids'].defaults.noise).toBe(TOPIC_DEFAULT_NOISE);
    expect(CATALOG['fashion-mnist'].classNames).toEqual(FASHION_MNIST_CLASSES);
  });

  it('imports nothing but types, so the UI bundle stays free of loaders', () => {
    const src = readFileSync(new URL('../../src/data/catalog.ts', import.meta.url), 'utf8');
    const imports = src.split('\n').filter((l) => /^\s*import\s/.test(l));
    expect(imports.length).toBeGreaterThan(0);
    for (const l of imports) expect(l).toMatch(/^import type /);
  });
});
