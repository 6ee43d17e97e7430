/** Writes zoo models in one format plus their inputs to a temp dir and runs one Python consumer over all. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Exporter } from '../../src/io/trained-model';
import { runPython } from '../helpers/python';
import { ZOO, zooModel, type ZooModel } from './zoo';
import { maxAbsDiff } from './tfjs-load';

export type ConsumerResult = { y: number[]; shape: number[] } | { error: string };

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

/** The whole test: every zoo model exported by `exporter`, run by `script`, compared with the playground (1e-5; 1e-4 with convolutions). */
export function describeZooInPython(consumer: string, exporter: Exporter, ext: string, script: string): void {
  describe(`${ext} export of the zoo models matches the playground in ${consumer}`, () => {
    const models = new Map<string, ZooModel>();
    let results: Record<string, ConsumerResult> = {};
    beforeAll(async () => {
      for (const z of ZOO) models.set(z.id, await zooModel(z));
      results = await runZooInPython([...models.values()], exporter, ext, script);
    }, 600_000);

    for (const z of ZOO) {
      it(z.id, () => {
        const r = results[z.id];
        if ('error' in r) throw new Error(r.error);
        const m = models.get(z.id)!;
        expect(r.shape).toEqual([m.inputs.n, m.outputs]);
        const diff = maxAbsDiff(r.y, m.predictions);
        const tol = m.conv ? 1e-4 : 1e-5;
        console.log(`${ext} ${z.id}: max abs diff ${diff.toExponential(2)} (tolerance ${tol})`);
        expect(diff).toBeLessThanOrEqual(tol);
      });
    }
  });
}
