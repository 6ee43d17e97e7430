/**
 * The bundled Node bench (`npm run bench:bundle`): builds dist-bench/bench-node.mjs into an empty
 * temp folder outside the repo (so no node_modules can be found from it), checks that the folder
 * holds only the bundle and the webgpu package's dawn.node (well under the GPU machine's 64 MiB),
 * and runs it there with --quick on preset 1 at batch 32 on this machine's adapter (SwiftShader).
 * Asserts the adapter description, a finite throughput, that the dispatch hook counts exactly the
 * trainer's schedule (11 dispatches per step), 1/32 to 1 submits per step (steps per submit are the
 * trainer's choice), and that the reported arena bytes hold the dataset.
 * No timing assertion.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function files(d: string, base = ''): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(d, e.name), `${base}${e.name}/`) : [`${base}${e.name}`]));
}

describe('bundled Node bench (dist-bench/bench-node.mjs)', () => {
  it('is one script plus dawn.node, and runs from an empty folder', () => {
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bench-bundle.mjs'), dir], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(b.status, b.stderr).toBe(0);
    expect(files(dir).sort()).toEqual(['bench-node.mjs', 'dist/linux-x64/dawn.node']);
    const total = files(dir).reduce((a, f) => a + statSync(path.join(dir, f)).size, 0);
    expect(total).toBeLessThan(40 * 1024 * 1024);

    const env = { ...process.env, NODE_PATH: '' };
    const r = spawnSync(process.execPath, ['bench-node.mjs', '--quick', '--only', 'mlp-100/b32', '--trials', '1', '--target-ms', '200', '--out', 'r.json'], { cwd: dir, env, encoding: 'utf8', timeout: 90_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/bench: adapter: vendor \S+, architecture \S+/);
    expect(r.stdout).toMatch(/limits: maxComputeWorkgroupStorageSize \d+, maxComputeInvocationsPerWorkgroup \d+/);
    expect(r.stdout).toMatch(/features: subgroups (yes|no).*shader-f16 (yes|no)/);
    expect(r.stdout).toMatch(/^mlp-100\/b32 +samples\/s +[\d,.]+ /m);

    const json = JSON.parse(readFileSync(path.join(dir, 'r.json'), 'utf8'));
    expect(json.mode).toBe('node');
    expect(json.adapter.limits.maxComputeWorkgroupStorageSize).toBeGreaterThanOrEqual(16384);
    const c = json.cases.find((x: { case: string }) => x.case === 'mlp-100/b32');
    expect(c.errors).toEqual([]);
    expect(Number.isFinite(c.median.ours) && c.median.ours > 0).toBe(true);
    // The prototype hook in the bundle sees exactly the compiled schedule: 11 dispatches per step.
    expect(c.scheduleDispatchesPerStep).toBe(11);
    expect(c.dispatchesPerStep.ours).toBe(11);
    // Several steps may share a submit (src/engine/step-group.ts: at most 32, by measured step time).
    expect(c.submitsPerStep.ours).toBeGreaterThanOrEqual(1 / 32);
    expect(c.submitsPerStep.ours).toBeLessThanOrEqual(1);
    // The arena holds at least the dataset (rows x 100 float32 inputs) and, for the 100-64-64-10
    // MLP's 11,274 parameters, the parameters, gradients and Adam's two moments.
    const s = c.samples.ours[0];
    expect(s.notes.inputShape).toBe('100');
    expect(s.notes.rows).toBeGreaterThanOrEqual(4096);
    expect(c.gpuBytes.ours).toBeGreaterThan(s.notes.rows * 100 * 4 + 4 * 11_274 * 4);
    expect(c.gpuBytes.ours).toBeLessThan(8 * 1024 * 1024);
  }, 150_000);
});
