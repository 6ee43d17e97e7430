/**
 * The WGSL sources under src/kernels/: size limits, the shared prelude (no copies of its
 * declarations in kernel files), every file registered, and the Step uniform's layout matching
 * its TypeScript encoder.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { familyIncludes, kernelFiles, KERNELS, type KernelFamily } from '../../src/kernels/registry';
import { encodeStep, STEP_FIELDS, STEP_UNIFORM_BYTES } from '../../src/kernels/step-uniform';
import { ACT_CODE } from '../../src/engine/layers/activation-codes';

const ROOT = new URL('../../', import.meta.url).pathname;
const KERNELS_DIR = join(ROOT, 'src/kernels');

function wgslFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return wgslFiles(path);
    return name.endsWith('.wgsl') ? [relative(ROOT, path)] : [];
  });
}

const files = wgslFiles(KERNELS_DIR);
const text = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

describe('kernel sources', () => {
  it('no WGSL file passes 500 lines', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect(text(f).split('\n').length, f).toBeLessThanOrEqual(501);
  });

  it('every WGSL file is in the registry', () => {
    const registered = new Set(kernelFiles().map((k) => k.path));
    for (const f of files) expect(registered.has(f), f).toBe(true);
  });

  it('kernel files leave the prelude declarations to the prelude', () => {
    const shared = /^\s*(struct Step\b|fn (pcg|pcg4|act_fwd|act_grad|act_code_\w+|flat_id|flat_row|flat_index|update_one|source_row)\s*\()/m;
    for (const f of files.filter((p) => !p.startsWith('src/kernels/prelude/'))) expect(text(f), f).not.toMatch(shared);
  });

  it('every family compiles its includes (known prelude parts only)', () => {
    for (const family of new Set(Object.values(KERNELS)) as Set<KernelFamily>) expect(() => familyIncludes(family)).not.toThrow();
    expect(familyIncludes('dropout')).toEqual(['step', 'rng', 'index']);
    expect(familyIncludes('optimizer')).toEqual(['step', 'optimizer_rule']);
  });

  it('the activation codes match activation-codes.ts', () => {
    const t = text('src/kernels/prelude/activations_code.wgsl');
    expect(t).toContain(`case ${ACT_CODE.relu}u: { return max(z,`);
    expect(t).toContain(`case ${ACT_CODE.sigmoid}u: { return 1.0 / (1.0 + exp(`);
    expect(t).toContain(`case ${ACT_CODE.tanh}u: { return tanh(`);
    expect(t).toContain(`case ${ACT_CODE.exponential}u: { return exp(min(z, 80.0)); }`);
    expect(ACT_CODE.linear).toBe(0);
    // activations.wgsl applies the same switch at its ACT override, and brings activations_code along.
    expect(text('src/kernels/prelude/activations.wgsl')).toContain('return act_code_fwd(ACT, z);');
    expect(familyIncludes('dense')).toContain('activations_code');
  });

  it('the Step uniform encoder matches struct Step in the prelude', () => {
    const body = /struct Step \{([^}]*)\}/.exec(text('src/kernels/prelude/step.wgsl'))![1];
    const fields = [...body.matchAll(/(\w+): (\w+),/g)].map((m) => [m[1], m[2]]);
    expect(fields).toEqual(STEP_FIELDS.map(([n, t]) => [n, t]));
    expect(STEP_UNIFORM_BYTES).toBe(40);
    const buf = encodeStep({ base: 4, rows: 3, step: 7, seed: 0xfffffffe, lr: 0.5, alpha: 0.25, clip: 1, beta: 2, gamma: 4 });
    expect(Array.from(new Uint32Array(buf, 0, 4))).toEqual([4, 3, 7, 0xfffffffe]);
    expect(Array.from(new Float32Array(buf, 16, 6))).toEqual([0.5, 0.25, 1, 2, 4, 0]);
  });
});
