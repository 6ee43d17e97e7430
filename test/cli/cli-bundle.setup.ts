/**
 * Vitest globalSetup: bundles the CLI entry points (src/cli/{train,export,predict,evaluate}.ts)
 * once per run with esbuild into a temp folder, the way scripts/bench-bundle.mjs bundles the Node
 * bench (WGSL `?raw` imports as strings, require() for CommonJS dependencies, the `webgpu`
 * package's dawn.node beside the bundle, where its loader looks). The CLI tests spawn
 * `node <bundle>/<command>.mjs` (spawn-cli.ts): about 0.15 s to start instead of about 1.3 s under
 * tsx, and the CLI tests spawn about 70 times. The same sources, so the same program; one test
 * (cli/train.test.ts) still runs the real `npm run train` path through tsx.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder of the bundled CLI entry points (cli-bundle.setup.ts). */
    cliBundle: string;
  }
}

export const CLI_COMMANDS = ['train', 'export', 'predict', 'evaluate'] as const;

const ROOT = path.resolve(__dirname, '..', '..');

/** `import text from './x.wgsl?raw'` -> the file's text. */
const rawPlugin = {
  name: 'raw',
  setup(b: import('esbuild').PluginBuild) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.slice(0, -4)), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

export default async function setup(project: TestProject): Promise<() => void> {
  const dawnSrc = path.join(ROOT, 'node_modules', 'webgpu', 'dist', `${process.platform}-${process.arch}`, 'dawn.node');
  if (!existsSync(dawnSrc)) {
    project.provide('cliBundle', ''); // the tests run the CLI under tsx
    return () => {};
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'cli-bundle-'));
  try {
    await build({
      entryPoints: CLI_COMMANDS.map((c) => path.join(ROOT, 'src', 'cli', `${c}.ts`)),
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      legalComments: 'none',
      logLevel: 'silent',
      plugins: [rawPlugin],
      banner: { js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);" },
    });
  } catch (e) {
    // The CLI tests then run tsx on the sources and fail there with the error, the other files run.
    console.warn(`cli-bundle: esbuild failed, the CLI tests run under tsx: ${(e as Error).message.split('\n')[0]}`);
    rmSync(dir, { recursive: true, force: true });
    project.provide('cliBundle', '');
    return () => {};
  }
  const dawn = path.join(dir, 'dist', `${process.platform}-${process.arch}`, 'dawn.node');
  mkdirSync(path.dirname(dawn), { recursive: true });
  copyFileSync(dawnSrc, dawn);
  project.provide('cliBundle', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
