/**
 * The import direction of src/ (DESIGN.md section 2), as .dependency-cruiser.cjs states it: src/
 * has no violation, and the same rules, pointed at a small fixture tree that breaks them on
 * purpose (test/architecture/fixture/src), report exactly the breaks it makes, so a rule that
 * silently stops matching (a renamed folder, a typo in a regex) fails here. Also checks what the
 * rules check only one import deep: the UI's run-time imports never reach src/gpu or an engine
 * module that touches a device, however many hops away.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { cruiseWithRules } from '../../scripts/lint-deps.mjs';

interface Violation { readonly from: string; readonly to: string; readonly rule: { readonly name: string } }
interface CruiseModule { readonly source: string; readonly dependencies: readonly { readonly resolved: string; readonly dependencyTypes: readonly string[] }[] }
interface Cruise { readonly exitCode: number; readonly output: string; readonly violations: readonly Violation[] }

const FIXTURE = 'test/architecture/fixture/src';
const cruiseJson = (paths: string[], root?: string): Promise<Cruise> => cruiseWithRules(paths, 'json', root);
const short = (p: string) => p.replace(`${FIXTURE}/`, '');
let srcCruise: Promise<Cruise> | undefined;
const cruiseSrc = () => (srcCruise ??= cruiseJson(['src']));

describe('layering rules', () => {
  it('src/ has no violations', async () => {
    const r = await cruiseSrc();
    expect(r.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  it('a fixture that crosses the boundaries is caught, rule by rule', async () => {
    const r = await cruiseJson([FIXTURE], FIXTURE);
    const found = [...new Set(r.violations.map((v) => `${v.rule.name}: ${short(v.from)} -> ${short(v.to)}`))].sort();
    expect(found).toEqual([
      'data-knows-no-model: data/rows.ts -> engine/model.ts',
      'gpu-is-the-bottom: gpu/limits.ts -> worker/protocol.ts',
      'kernels-are-the-bottom: kernels/launch.ts -> gpu/limits.ts',
      'no-circular: data/rows.ts -> engine/model.ts',
      'no-folder-cycles: data -> engine',
      'no-folder-cycles: engine -> data',
      'ui-talks-to-worker-by-protocol: ui/panel.ts -> worker/session.ts',
      'ui-touches-no-device: ui/panel.ts -> engine/trainer.ts',
      'ui-touches-no-device: ui/panel.ts -> gpu/device.ts',
    ]);
    // `npm run lint:deps` (the 'err' output) fails on them.
    expect((await cruiseWithRules([FIXTURE], 'err', FIXTURE)).exitCode).toBeGreaterThan(0);
  });

  it("the UI's run-time imports never reach a device, however indirectly", async () => {
    const r = await cruiseSrc();
    const modules: CruiseModule[] = JSON.parse(r.output).modules;
    const runtimeDeps = new Map(modules.map((m) => [m.source, m.dependencies.filter((d) => !d.dependencyTypes.includes('type-only')).map((d) => d.resolved)]));
    // DEVICE_MODULES of .dependency-cruiser.cjs (the rule checks direct imports; this, all hops).
    const device = /^src\/(gpu\/|engine\/(compile|trainer|gpu-dataset|metrics-reader|attention-maps|single-input)\.ts$|io\/int8\/dequantize-gpu\.ts$)/;
    const seen = new Set<string>();
    const reached: string[] = [];
    const stack = modules.map((m) => m.source).filter((s) => s.startsWith('src/ui/'));
    expect(stack.length).toBeGreaterThan(20);
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      if (device.test(s)) reached.push(s);
      stack.push(...(runtimeDeps.get(s) ?? []));
    }
    expect(reached).toEqual([]);
  });
});
