/**
 * Writes zoo models (zoo.ts and attention-zoo.ts) in one format plus their inputs to a temp dir,
 * runs one Python consumer over all, and compares each with the playground: output shape
 * [n, ...the model's output shape] ([n, units], or [n, T, classes] per position), then the max
 * abs difference within 1e-5 (1e-4 with convolutions).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Exporter } from '../../src/io/trained-model';
import { runPython } from '../helpers/python';
import { sampleOutputShape, ZOO, zooModel, type ZooModel } from './zoo';
import { ATTENTION_ZOO } from './attention-zoo';
import { maxAbsDiff } from './tfjs-load';

export type ConsumerResult = { y: ArrayLike<number>; shape: number[] } | { error: string };

export async function runZooInPython(zoo: ZooModel[], exporter: Exporter, ext: string, script: string): Promise<Record<string, ConsumerResult>> {
  const dir = mkdtempSync(path.join(tmpdir(), `zoo-${ext}-`));
  try {
    const models = [];
    for (const z of zoo) {
      const [file] = await exporter(z.model);
      const modelPath = path.join(dir, `${z.id}.${ext}`);
      const xPath = path.join(dir, `${z.id}.x.bin`);
      writeFileSync(modelPath, file.data);
      writeFileSync(xPath, new Uint8Array(z.inputs.x.buffer, z.inputs.x.byteOffset, z.inputs.x.byteLength));
      models.push({ id: z.id, path: modelPath, x: xPath, dtype: z.inputs.inputDtype, shape: [z.inputs.n, ...z.inputs.inputShape] });
    }
    return runPython<Record<string, ConsumerResult>>(script, { models }, { timeoutMs: 300_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The consumer's output against the playground's: exact shape, then max abs difference within `tol`. */
export function expectSameOutputs(label: string, r: ConsumerResult | undefined, m: ZooModel, tol: number): void {
  if (!r) throw new Error(`${label}: no result`);
  if ('error' in r) throw new Error(`${label}: ${r.error}`);
  expect(r.shape).toEqual([m.inputs.n, ...sampleOutputShape(m.model.spec)]);
  const diff = maxAbsDiff(r.y, m.predictions);
  console.log(`${label}: max abs diff ${diff.toExponential(2)} (tolerance ${tol})`);
  expect(diff).toBeLessThanOrEqual(tol);
}

/** The whole test: every zoo model (zoo.ts, then attention-zoo.ts) exported by `exporter`, run by `script`, compared with the playground. */
export function describeZooInPython(consumer: string, exporter: Exporter, ext: string, script: string): void {
  describe(`${ext} export of the zoo models matches the playground in ${consumer}`, () => {
    const models = new Map<string, ZooModel>();
    let results: Record<string, ConsumerResult> = {};
    beforeAll(async () => {
      for (const z of ZOO) models.set(z.id, await zooModel(z));
      for (const z of ATTENTION_ZOO) models.set(z.id, await zooModel(z));
      results = await runZooInPython([...models.values()], exporter, ext, script);
    }, 600_000);

    for (const id of [...ZOO.map((z) => z.id), ...ATTENTION_ZOO.map((z) => z.id)]) {
      it(id, () => {
        const m = models.get(id)!;
        expectSameOutputs(`${ext} ${id}`, results[id], m, m.conv ? 1e-4 : 1e-5);
      });
    }
  });
}
