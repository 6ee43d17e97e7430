/**
 * A disk cache for the playground engine's reference results that several test files ask for (a
 * preset's short training run, a zoo model's predictions): under node_modules/.cache/<name>, keyed
 * by the caller's key and a hash of every source file that could change the engine's numbers
 * (src/kernels, src/engine, src/data, src/gpu, src/presets, the char-lm corpus and the test
 * helpers that build the runs): a change to any of those recomputes. The engine is deterministic
 * (same spec, weights, inputs and sources -> same bits), so a cached entry is what the run would give.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** TEST_ENGINE_CACHE: another folder (an empty one runs every file as on a clean clone). */
const BASE = process.env.TEST_ENGINE_CACHE ?? path.join(ROOT, 'node_modules', '.cache');
const SOURCES = ['src/kernels', 'src/engine', 'src/data', 'src/gpu', 'src/presets', 'README.md' /* the char-lm corpus */, 'test/helpers/trained-preset.ts', 'test/helpers/engine-cache.ts', 'test/export/zoo.ts'];

let sourceHash: string | null = null;
function hashSources(): string {
  if (sourceHash) return sourceHash;
  const h = createHash('sha256');
  const visit = (p: string) => {
    if (statSync(p).isDirectory()) for (const f of readdirSync(p).sort()) visit(path.join(p, f));
    else h.update(path.relative(ROOT, p)).update(readFileSync(p));
  };
  for (const s of SOURCES) visit(path.join(ROOT, s));
  return (sourceHash = h.digest('hex'));
}

/** The folder of the entry for `key` (anything JSON, or bytes hashed into it). */
export function cacheKey(parts: unknown[]): string {
  const h = createHash('sha256');
  for (const p of parts) {
    if (p instanceof Uint8Array || p instanceof Float32Array || p instanceof Int32Array) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
    else h.update(JSON.stringify(p));
    h.update('\0');
  }
  return h.update(hashSources()).digest('hex').slice(0, 32);
}

/** The files of the cached entry `name`/`key`, or null when there is none. */
export function readCached(name: string, key: string, files: string[]): Buffer[] | null {
  const dir = path.join(BASE, name, key);
  if (!existsSync(path.join(dir, 'done'))) return null;
  return files.map((f) => readFileSync(path.join(dir, f)));
}

/** Stores an entry: written to a private folder and renamed, so parallel test files never read a half-written one. */
export function writeCached(name: string, key: string, files: Record<string, string | Uint8Array | Float32Array>): void {
  const dir = path.join(BASE, name, key);
  const tmp = `${dir}.${process.pid}.tmp`;
  mkdirSync(tmp, { recursive: true });
  for (const [f, data] of Object.entries(files)) writeFileSync(path.join(tmp, f), data);
  writeFileSync(path.join(tmp, 'done'), '');
  try {
    renameSync(tmp, dir);
  } catch {
    // Another process finished the same entry first.
    rmSync(tmp, { recursive: true, force: true });
  }
}

export const floats = (b: Buffer): Float32Array => new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
