/**
 * Fashion-MNIST (Zalando): 60000 training and 10000 test greyscale 28x28 images of 10 clothing
 * classes, read from the four original gzip IDX files. Under Node the files come from a
 * directory (Debian's dataset-fashion-mnist package installs them in
 * /usr/share/datasets/fashion-mnist; FASHION_MNIST_DIR overrides); in the browser they are
 * fetched from the dev/preview server, which serves that directory under /datasets/fashion-mnist/
 * (scripts/vite-datasets-plugin.ts). node:fs is imported dynamically and only under Node, so the
 * browser bundle never contains it.
 */

import type { DatasetSplits } from './dataset';
import { idxImagesAndLabels, readIdx, type IdxArray } from './idx';

export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
];

export const FASHION_MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

export const FASHION_MNIST_FILE_NAMES: readonly string[] = Object.values(FASHION_MNIST_FILES);

export const FASHION_MNIST_TRAIN_SIZE = 60000;
export const FASHION_MNIST_TEST_SIZE = 10000;

/** Where Debian's dataset-fashion-mnist package installs the files. */
export const DEFAULT_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
/** Environment variable that overrides DEFAULT_FASHION_MNIST_DIR (Node and the Vite plugin). */
export const FASHION_MNIST_DIR_ENV = 'FASHION_MNIST_DIR';
/** URL path under which the Vite plugin serves the files. */
export const FASHION_MNIST_URL_PATH = '/datasets/fashion-mnist/';
/**
 * Build-time variable naming where a static build fetches the files from (any URL serving the four
 * .gz files with CORS, e.g. a copy next to the built app); unset: FASHION_MNIST_URL_PATH.
 */
export const FASHION_MNIST_URL_ENV = 'VITE_FASHION_MNIST_URL';

/** The base URL the browser fetches the files from: $VITE_FASHION_MNIST_URL at build time, else the dev server's path. */
export function fashionMnistUrl(): string {
  // Vite replaces import.meta.env in builds and in Vitest; tsx (the CLI) has no import.meta.env.
  const env = (import.meta as { env?: Record<string, string | undefined> }).env;
  return env?.[FASHION_MNIST_URL_ENV] || FASHION_MNIST_URL_PATH;
}

/** How to obtain the files; appended to every "missing" error. */
export const FASHION_MNIST_HELP =
  'To get them on Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist. Elsewhere download the four ' +
  `files (${FASHION_MNIST_FILE_NAMES.join(', ')}) from https://github.com/zalandoresearch/fashion-mnist ` +
  `and set ${FASHION_MNIST_DIR_ENV} to their directory. Or use the procedural "digits" dataset, which needs no files.`;

/** The files are not available from the source (missing directory/file, HTTP 404, ...). */
export class DatasetFilesMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetFilesMissingError';
  }
}

/** Somewhere the dataset files can be read from. */
export interface FileSource {
  /** Identifies the location (directory or base URL), for messages and caching. */
  readonly location: string;
  /** The file's bytes; rejects with DatasetFilesMissingError when it does not exist. */
  read(file: string): Promise<Uint8Array>;
}

interface NodeLikeProcess {
  readonly versions?: { readonly node?: string };
  readonly env?: Record<string, string | undefined>;
}

function nodeProcess(): NodeLikeProcess | undefined {
  const p = (globalThis as { process?: NodeLikeProcess }).process;
  return p && typeof p.versions?.node === 'string' ? p : undefined;
}

/** True when running under Node (not in a browser or Web Worker). */
export function isNode(): boolean {
  return nodeProcess() !== undefined && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

/** The directory to read under Node: `dir`, else $FASHION_MNIST_DIR, else the Debian location. */
export function fashionMnistDir(dir?: string): string {
  return dir ?? (nodeProcess()?.env?.[FASHION_MNIST_DIR_ENV] || DEFAULT_FASHION_MNIST_DIR);
}

type FsPromises = typeof import('node:fs/promises');

async function importFs(): Promise<FsPromises> {
  // A computed specifier with @vite-ignore keeps bundlers from following (or stubbing) node:fs.
  const specifier = 'node:fs/promises';
  return (await import(/* @vite-ignore */ specifier)) as FsPromises;
}

/** Reads files from a local directory (Node only). */
export function directorySource(dir: string): FileSource {
  const base = dir.replace(/[/\\]+$/, '');
  return {
    location: base,
    async read(file) {
      const fs = await importFs();
      const path = `${base}/${file}`;
      try {
        return await fs.readFile(path);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          throw new DatasetFilesMissingError(`Fashion-MNIST file ${path} does not exist. ${FASHION_MNIST_HELP}`);
        }
        throw e;
      }
    },
  };
}

/** Fetches files from `baseUrl` (default: fashionMnistUrl()). */
export function fetchSource(baseUrl: string = fashionMnistUrl(), fetchFn: typeof fetch = (...a) => fetch(...a)): FileSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return {
    location: base,
    async read(file) {
      const url = `${base}${file}`;
      let res: Response;
      try {
        res = await fetchFn(url);
      } catch (e) {
        throw new DatasetFilesMissingError(`could not fetch Fashion-MNIST file ${url}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const serverHint =
        'The Vite dev and preview servers serve these files (scripts/vite-datasets-plugin.ts) from ' +
        `${DEFAULT_FASHION_MNIST_DIR} or $${FASHION_MNIST_DIR_ENV} on the machine running the server; a static build fetches them from ` +
        `$${FASHION_MNIST_URL_ENV} (set when building), or upload the IDX files yourself.`;
      if (!res.ok) {
        const body = res.status === 404 ? (await res.text().catch(() => '')).trim() : '';
        throw new DatasetFilesMissingError(
          `Fashion-MNIST file ${url} is not available (HTTP ${res.status}${body ? `: ${body.slice(0, 300)}` : ''}). ${serverHint} ${FASHION_MNIST_HELP}`,
        );
      }
      if ((res.headers.get('content-type') ?? '').includes('text/html')) {
        throw new DatasetFilesMissingError(
          `Fashion-MNIST file ${url}: the server answered with an HTML page instead of the file (is the datasets plugin in vite.config.ts?). ${serverHint}`,
        );
      }
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

/** Under Node: directorySource(fashionMnistDir(dir)); in the browser: fetchSource(). */
export function defaultFashionMnistSource(dir?: string): FileSource {
  return isNode() ? directorySource(fashionMnistDir(dir)) : fetchSource();
}

export interface FashionMnistOptions {
  /** Keep the first N training images (default all 60000). */
  readonly trainLimit?: number;
  /** Keep the first N test images (default all 10000). */
  readonly testLimit?: number;
  /** Directory to read under Node (default $FASHION_MNIST_DIR or the Debian location). */
  readonly dir?: string;
  /** Explicit source; overrides `dir`. */
  readonly source?: FileSource;
  /** Reuse the decompressed files of an earlier load from the same location (default true). */
  readonly cache?: boolean;
}

interface RawFiles {
  readonly trainImages: IdxArray;
  readonly trainLabels: IdxArray;
  readonly testImages: IdxArray;
  readonly testLabels: IdxArray;
}

// Decompressed uint8 files (~55 MB) by source location, so repeated loads skip the gunzip.
const rawCache = new Map<string, Promise<RawFiles>>();

/** Forgets cached decompressed files (e.g. to free memory). */
export function clearFashionMnistCache(): void {
  rawCache.clear();
}

async function readRaw(source: FileSource): Promise<RawFiles> {
  const entries = Object.entries(FASHION_MNIST_FILES) as [keyof RawFiles, string][];
  const settled = await Promise.allSettled(entries.map(([, file]) => source.read(file)));
  const missing = entries.filter((_, i) => {
    const r = settled[i];
    return r.status === 'rejected' && r.reason instanceof DatasetFilesMissingError;
  });
  if (missing.length > 0) {
    const names = missing.map(([, f]) => f).join(', ');
    throw new DatasetFilesMissingError(
      `Fashion-MNIST is not available: ${names} ${missing.length === 1 ? 'is' : 'are'} missing from ${source.location}. ` +
        (settled[entries.indexOf(missing[0])] as PromiseRejectedResult).reason.message,
    );
  }
  for (const r of settled) if (r.status === 'rejected') throw r.reason;
  const bytes = settled.map((r) => (r as PromiseFulfilledResult<Uint8Array>).value);
  const parsed = await Promise.all(entries.map(([, file], i) => readIdx(bytes[i], file)));
  return {
    trainImages: parsed[0], trainLabels: parsed[1], testImages: parsed[2], testLabels: parsed[3],
  };
}

function rawFiles(source: FileSource, cache: boolean): Promise<RawFiles> {
  if (!cache) return readRaw(source);
  let p = rawCache.get(source.location);
  if (!p) {
    p = readRaw(source);
    rawCache.set(source.location, p);
    p.catch(() => rawCache.delete(source.location));
  }
  return p;
}

/**
 * Loads Fashion-MNIST as train/test splits: x is Float32 in [0, 1], inputShape [28, 28, 1],
 * labels 0..9 with FASHION_MNIST_CLASSES. Rejects with DatasetFilesMissingError (saying how to
 * get the files) when they are missing, or IdxError when a file is malformed.
 */
export async function loadFashionMnist(opts: FashionMnistOptions = {}): Promise<DatasetSplits> {
  const source = opts.source ?? defaultFashionMnistSource(opts.dir);
  const raw = await rawFiles(source, opts.cache ?? true);
  const name = 'fashion-mnist';
  const [train, test] = await Promise.all([
    idxImagesAndLabels(raw.trainImages, raw.trainLabels, name, FASHION_MNIST_CLASSES, { limit: opts.trainLimit }),
    idxImagesAndLabels(raw.testImages, raw.testLabels, name, FASHION_MNIST_CLASSES, { limit: opts.testLimit }),
  ]);
  return { train, test };
}
