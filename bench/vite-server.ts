/**
 * The bench's own Vite server (bench/run.ts): bench/index.html with its own dep cache, never port
 * 5173, cross-origin isolated (COOP/COEP, so tfjs-wasm can run threads) and serving
 * @tensorflow/tfjs-backend-wasm's .wasm files from node_modules under WASM_PREFIX.
 */
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer, type Plugin, type ViteDevServer } from 'vite';
import { FORBIDDEN_PORT } from './args';
import { WASM_PREFIX } from './tfjs-wasm';

/**
 * Cross-origin isolation for the page (so tfjs-wasm can use threads: SharedArrayBuffer needs it);
 * every resource the bench loads is same-origin, so require-corp blocks nothing.
 */
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** Serves @tensorflow/tfjs-backend-wasm's .wasm files from node_modules under WASM_PREFIX. */
function tfjsWasmFiles(): Plugin {
  const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist';
  return {
    name: 'bench-tfjs-wasm-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '';
        const name = url.startsWith(WASM_PREFIX) ? url.slice(WASM_PREFIX.length).split('?')[0] : '';
        if (!/^tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/.test(name)) return next();
        res.setHeader('Content-Type', 'application/wasm');
        for (const [k, v] of Object.entries(ISOLATION_HEADERS)) res.setHeader(k, v);
        createReadStream(path.join(dist, name)).on('error', next).pipe(res);
      });
    },
  };
}

export async function startVite(root: string, port: number): Promise<{ server: ViteDevServer; origin: string }> {
  const server = await createServer({
    configFile: path.join(root, 'vite.config.ts'),
    root,
    // A cache of our own: the other dev server on 5173 owns node_modules/.vite.
    cacheDir: path.join(root, 'bench', '.vite-cache'),
    logLevel: 'warn',
    clearScreen: false,
    server: { host: '127.0.0.1', port, strictPort: false, hmr: false, watch: null, headers: ISOLATION_HEADERS },
    plugins: [tfjsWasmFiles()],
    optimizeDeps: {
      entries: ['bench/index.html'],
      // Pre-bundled together (one tfjs-core) before the first page, so no mid-run reload.
      include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-webgpu', '@tensorflow/tfjs-backend-wasm'],
    },
  });
  await server.listen();
  const addr = server.httpServer?.address() as AddressInfo | null;
  if (!addr || typeof addr === 'string') throw new Error('Vite did not report a TCP address');
  if (addr.port === FORBIDDEN_PORT) {
    await server.close();
    throw new Error('Vite ended up on port 5173, which belongs to the other dev server');
  }
  return { server, origin: `http://127.0.0.1:${addr.port}` };
}
