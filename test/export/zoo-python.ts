/** Writes zoo models in one format plus their inputs to a temp dir and runs one Python consumer over all. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Exporter } from '../../src/io/trained-model';
import { runPython } from '../helpers/python';
import type { ZooModel } from './zoo';

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
