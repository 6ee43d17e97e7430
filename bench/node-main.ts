/**
 * Entry point of the bundled Node bench (`npm run bench:bundle` writes dist-bench/bench-node.mjs):
 * the same options as `npm run bench -- --node` (the flag itself is implied), the results JSON in
 * the working directory (bench-node-results.json) unless --out names a file. Needs only the bundle
 * and the `webgpu` package's dawn.node at dist/linux-x64/ beside it (bench/README.md).
 */
import path from 'node:path';
import { parseBenchArgs, usage, UsageError } from './args';
import { runNodeBench } from './node';

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a) => a !== '--node');
  let opts;
  try {
    opts = parseBenchArgs(argv, process.cwd());
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`bench-node: ${e.message}\n${usage()}`);
      return 2;
    }
    throw e;
  }
  if (opts.help) {
    console.log(usage());
    return 0;
  }
  if (!argv.some((a) => a === '--out' || a.startsWith('--out='))) opts.out = path.join(process.cwd(), 'bench-node-results.json');
  return runNodeBench({ ...opts, node: true }, 'bench-node.mjs');
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`bench-node: failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
