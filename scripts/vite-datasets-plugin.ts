/**
 * Vite plugin: serves the Fashion-MNIST files to the browser under /datasets/fashion-mnist/ from
 * the dev server and the preview server. The directory is $FASHION_MNIST_DIR or Debian's
 * /usr/share/datasets/fashion-mnist (package dataset-fashion-mnist). Only the four known file
 * names are served; anything else under that path gets a 404 with an explanation.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

// Self-contained on purpose: the Vite config's import graph stays out of src/ (and free of
// extensionless relative imports). test/data/vite-datasets-plugin.test.ts checks that these
// match the loader's constants in src/data/fashion-mnist.ts.
export const FASHION_MNIST_URL_PATH = '/datasets/fashion-mnist/';
export const FASHION_MNIST_FILE_NAMES: readonly string[] = [
  'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz',
];
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
const HELP =
  'Install it with "sudo apt-get install dataset-fashion-mnist" (Debian/Ubuntu), or set FASHION_MNIST_DIR to a ' +
  `directory holding ${FASHION_MNIST_FILE_NAMES.join(', ')} and restart the server. ` +
  'Or use the procedural "digits" dataset, which needs no files.';

/** `dir`, else $FASHION_MNIST_DIR, else the Debian location. */
export function fashionMnistDir(dir?: string): string {
  return dir ?? (process.env.FASHION_MNIST_DIR || DEFAULT_FASHION_MNIST_DIR);
}

export interface DatasetsPluginOptions {
  /** Fashion-MNIST directory; default $FASHION_MNIST_DIR or /usr/share/datasets/fashion-mnist. */
  readonly fashionMnistDir?: string;
}

/** The subset of a request the middleware reads. */
export type MiddlewareRequest = Pick<IncomingMessage, 'url' | 'method'>;
/** The subset of a response the middleware writes. */
export type MiddlewareResponse = Pick<ServerResponse, 'setHeader' | 'end'> & { statusCode: number };
export type Middleware = (req: MiddlewareRequest, res: MiddlewareResponse, next: (err?: unknown) => void) => void;

function sendText(res: MiddlewareResponse, status: number, text: string, extraHeaders: Record<string, string> = {}): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  for (const [k, v] of Object.entries(extraHeaders)) res.setHeader(k, v);
  res.end(`${text}\n`);
}

/**
 * Connect middleware serving `dir`'s Fashion-MNIST files under /datasets/fashion-mnist/.
 * Requests outside that path go to `next()`. The directory is resolved per request.
 */
export function fashionMnistMiddleware(dir?: string): Middleware {
  return (req, res, next) => {
    const url = req.url ?? '';
    const pathname = url.split(/[?#]/, 1)[0];
    if (!pathname.startsWith(FASHION_MNIST_URL_PATH)) {
      next();
      return;
    }
    let name: string;
    try {
      name = decodeURIComponent(pathname.slice(FASHION_MNIST_URL_PATH.length));
    } catch {
      name = pathname.slice(FASHION_MNIST_URL_PATH.length);
    }
    if (!FASHION_MNIST_FILE_NAMES.includes(name)) {
      sendText(res, 404,
        `Not found: ${pathname}. Only these files are served under ${FASHION_MNIST_URL_PATH}: ${FASHION_MNIST_FILE_NAMES.join(', ')}.`);
      return;
    }
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      sendText(res, 405, `Method ${method} not allowed for ${pathname}; use GET.`, { Allow: 'GET, HEAD' });
      return;
    }
    const base = fashionMnistDir(dir).replace(/[/\\]+$/, '');
    const path = `${base}/${name}`;
    readFile(path).then(
      (data) => {
        res.statusCode = 200;
        // Served as opaque bytes (no Content-Encoding), so the client sees the gzip file itself.
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(data.length));
        res.setHeader('Cache-Control', 'no-cache');
        res.end(method === 'HEAD' ? undefined : data);
      },
      (e: unknown) => {
        const code = (e as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          sendText(res, 404, `Fashion-MNIST file ${path} does not exist on the server. ${HELP}`);
        } else {
          sendText(res, 500, `could not read ${path}: ${e instanceof Error ? e.message : String(e)}`);
        }
      },
    );
  };
}

/** The plugin: adds fashionMnistMiddleware to the dev server and the preview server. */
export function datasetsPlugin(options: DatasetsPluginOptions = {}): Plugin {
  const middleware = fashionMnistMiddleware(options.fashionMnistDir);
  return {
    name: 'gradient-bench:datasets',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      server.middlewares.use(middleware);
    },
  };
}
