// `npm run lint:deps`: checks src/ against the layering rules in .dependency-cruiser.cjs and
// prints each violation ("error rule-name: from -> to"); exit status 1 when there is one.
// It calls dependency-cruiser's API rather than its `depcruise` binary because the binary refuses
// to start on Node 20 (its engines field says ^22); the API runs the same cruise and rules there.
// test/architecture/layering.test.ts uses cruiseWithRules on src/ and on a violating fixture.
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { fileURLToPath } from 'node:url';

export const CONFIG = './.dependency-cruiser.cjs';

/** `value` with every string's "^src/" replaced by "^" + `root` + "/" (rule paths are regexes). */
function rebase(value, root) {
  if (typeof value === 'string') return value.replaceAll('^src/', `^${root}/`);
  if (Array.isArray(value)) return value.map((v) => rebase(v, root));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rebase(v, root)]));
  return value;
}

/**
 * Cruises `paths` (relative to the repository root, the working directory) with the rules of
 * .dependency-cruiser.cjs; `outputType` 'err' gives readable text, 'json' the full result.
 * `root` (default "src") is where the rules' src/ is: a test cruises a fixture tree with the same
 * rules by naming its folder. Returns { exitCode, output, violations }.
 */
export async function cruiseWithRules(paths, outputType = 'err', root = 'src') {
  const options = await extractDepcruiseOptions(CONFIG);
  if (root !== 'src') options.ruleSet = rebase(options.ruleSet, root);
  const tsConfig = extractTSConfig(options.tsConfig?.fileName ?? 'tsconfig.json');
  const r = await cruise(paths, { ...options, validate: true, outputType }, undefined, { tsConfig });
  const json = outputType === 'json' ? JSON.parse(r.output) : null;
  return { exitCode: r.exitCode, output: r.output, violations: json ? json.summary.violations : null };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = process.argv.slice(2);
  const { exitCode, output } = await cruiseWithRules(paths.length ? paths : ['src']);
  process.stdout.write(output);
  process.exit(exitCode === 0 ? 0 : 1);
}
