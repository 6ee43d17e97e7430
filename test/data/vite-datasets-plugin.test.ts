/** Tests for the Vite plugin's middleware, called directly with minimal fake req/res objects. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import * as plugin from '../../scripts/vite-datasets-plugin';
import { datasetsPlugin, fashionMnistMiddleware, type MiddlewareResponse } from '../../scripts/vite-datasets-plugin';
import * as loader from '../../src/data/fashion-mnist';
import { FASHION_MNIST_FILES, fetchSource, loadFashionMnist } from '../../src/data/fashion-mnist';

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the promise to reject');
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  nextCalled: boolean;
}

/** Runs the middleware on one request and resolves when it ends the response or calls next(). */
function request(dir: string, url: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = {};
    const res: MiddlewareResponse = {
      statusCode: 200,
      setHeader(name: string, value: string | number | readonly string[]) {
        headers[name.toLowerCase()] = String(value);
        return this as never;
      },
      end(chunk?: unknown) {
        const body = chunk === undefined || typeof chunk === 'function' ? Buffer.alloc(0) : Buffer.from(chunk as string | Uint8Array);
        resolve({ status: res.statusCode, headers, body, nextCalled: false });
        return this as never;
      },
    };
    fashionMnistMiddleware(dir)({ url, method }, res, () => resolve({ status: 0, headers, body: Buffer.alloc(0), nextCalled: true }));
  });
}

describe('vite datasets plugin', () => {
  let dir = '';
  const content = new Uint8Array([0x1f, 0x8b, 1, 2, 3, 4, 5]);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'datasets-plugin-'));
    await writeFile(join(dir, FASHION_MNIST_FILES.trainImages), content);
    await writeFile(join(dir, 'secret.txt'), 'not for the browser');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a known file as opaque bytes', async () => {
    const r = await request(dir, `/datasets/fashion-mnist/${FASHION_MNIST_FILES.trainImages}?v=1`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/octet-stream');
    expect(r.headers['content-length']).toBe(String(content.length));
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(Array.from(r.body)).toEqual(Array.from(content));
    const head = await request(dir, `/datasets/fashion-mnist/${FASHION_MNIST_FILES.trainImages}`, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('rejects other names, traversal and other methods with a clear 404/405 text', async () => {
    for (const name of ['secret.txt', '..%2F..%2Fetc%2Fpasswd', '../secret.txt', '', 'train-images-idx3-ubyte']) {
      const r = await request(dir, `/datasets/fashion-mnist/${name}`);
      expect(r.status, name).toBe(404);
      expect(r.headers['content-type']).toMatch(/^text\/plain/);
      expect(r.body.toString()).toContain('Only these files are served under /datasets/fashion-mnist/: train-images-idx3-ubyte.gz');
    }
    const post = await request(dir, `/datasets/fashion-mnist/${FASHION_MNIST_FILES.trainImages}`, 'POST');
    expect(post.status).toBe(405);
  });

  it('explains a known file that is missing on the server', async () => {
    const r = await request(dir, `/datasets/fashion-mnist/${FASHION_MNIST_FILES.testLabels}`);
    expect(r.status).toBe(404);
    expect(r.body.toString()).toContain(`${join(dir, FASHION_MNIST_FILES.testLabels)} does not exist on the server`);
    expect(r.body.toString()).toContain('apt-get install dataset-fashion-mnist');
  });

  it('passes other paths on to the next middleware', async () => {
    expect((await request(dir, '/index.html')).nextCalled).toBe(true);
    expect((await request(dir, '/datasets/other/x')).nextCalled).toBe(true);
  });

  it('feeds the browser loader (fetchSource) end to end', async () => {
    // A fake fetch that answers through the middleware, as the dev server would.
    const fakeFetch = async (input: RequestInfo | URL): Promise<Response> => {
      const r = await request(dir, String(input));
      return new Response(new Uint8Array(r.body), { status: r.status, headers: r.headers });
    };
    const e = await rejection(loadFashionMnist({ source: fetchSource('/datasets/fashion-mnist/', fakeFetch) }));
    expect(e.message).toContain('train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz are missing from /datasets/fashion-mnist/');
    expect(e.message).toContain('HTTP 404');
  });

  it('agrees with the loader on path, file names and directory', () => {
    expect(plugin.FASHION_MNIST_URL_PATH).toBe(loader.FASHION_MNIST_URL_PATH);
    expect(plugin.FASHION_MNIST_FILE_NAMES).toEqual(loader.FASHION_MNIST_FILE_NAMES);
    expect(plugin.DEFAULT_FASHION_MNIST_DIR).toBe(loader.DEFAULT_FASHION_MNIST_DIR);
    expect(plugin.fashionMnistDir()).toBe(loader.fashionMnistDir());
    expect(plugin.fashionMnistDir('/x')).toBe('/x');
  });

  it('registers the middleware on the dev and preview servers', () => {
    const plugin = datasetsPlugin({ fashionMnistDir: dir });
    const used: unknown[] = [];
    const server = { middlewares: { use: (fn: unknown) => used.push(fn) } };
    (plugin.configureServer as (s: unknown) => void)(server);
    (plugin.configurePreviewServer as (s: unknown) => void)(server);
    expect(used).toHaveLength(2);
    expect(typeof used[0]).toBe('function');
  });
});
