// `npm run bench:bundle`: bundles the Node bench (bench/node-main.ts: our engine under Dawn, no
// Chromium) with esbuild into ONE file, dist-bench/bench-node.mjs, and copies the `webgpu`
// package's linux-x64 binary beside it (dist-bench/dist/linux-x64/dawn.node, where the bundled
// loader looks). Those two files are all a GPU machine needs besides `node` (bench/README.md).
// WGSL `?raw` imports become strings, as under Vite. Prints the sizes.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist-bench'));
const outFile = path.join(outDir, 'bench-node.mjs');

/** `import text from './x.wgsl?raw'` -> the file's text. */
const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({ path: path.resolve(args.resolveDir, args.path.slice(0, -4)), namespace: 'raw' }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
  },
};

await build({
  entryPoints: [path.join(ROOT, 'bench', 'node-main.ts')],
  outfile: outFile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [rawPlugin],
  // The bundled `webgpu` loader and any CommonJS dependency need require() in an ES module.
  banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
});

const dawnSrc = path.join(ROOT, 'node_modules', 'webgpu', 'dist', 'linux-x64', 'dawn.node');
const dawnDst = path.join(outDir, 'dist', 'linux-x64', 'dawn.node');
mkdirSync(path.dirname(dawnDst), { recursive: true });
copyFileSync(dawnSrc, dawnDst);
const mb = (f) => (statSync(f).size / 1048576).toFixed(1);
console.log(`bench:bundle: ${path.relative(process.cwd(), outFile) || outFile} (${mb(outFile)} MiB) + ${path.relative(process.cwd(), dawnDst)} (${mb(dawnDst)} MiB)`);
