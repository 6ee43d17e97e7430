/**
 * gzip detection and decompression with the web-standard DecompressionStream('gzip'), which
 * browsers, Web Workers and Node >= 18 all provide, so no zlib port is bundled.
 *
 * Decompression is streamed under a cap: as soon as the output would pass it, reading stops and a
 * GunzipError says so (a small "gzip bomb" never expands in memory). A caller that knows the
 * format can tighten the cap from the first bytes of output (e.g. an IDX header's declared size).
 */
import { formatBytes } from './limits';

/** Every failure of gunzip: corrupt or truncated data, or output beyond the cap (`tooLarge`). */
export class GunzipError extends Error {
  constructor(
    message: string,
    readonly tooLarge: boolean,
    /** The cap that was passed, when `tooLarge`. */
    readonly limit = 0,
  ) {
    super(message);
    this.name = 'GunzipError';
  }
}

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Sees the output's first bytes (again after each chunk, up to HEAD_BYTES of them) until it
 * returns a number: the cap for the whole output from then on. It may throw to refuse the data.
 */
export type CapFromHead = (head: Uint8Array) => number | undefined;

/** How much output a CapFromHead may ask to see before the cap stays as it is. */
export const HEAD_BYTES = 64 * 1024;

/** A view of `bytes` backed by a plain ArrayBuffer (copies only SharedArrayBuffer-backed input). */
function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

function concat(chunks: readonly Uint8Array[], total: number, size = total): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

function tooLarge(cap: number): GunzipError {
  return new GunzipError(`the gzip data decompresses to more than ${formatBytes(cap)} (${cap} bytes), so reading stopped there.`, true, cap);
}

/**
 * Decompresses a complete gzip file of at most `maxBytes` output bytes (see the module comment).
 * Throws GunzipError for corrupt or truncated data and for output beyond the cap; an error thrown
 * by `capFromHead` is passed on as it is. Callers add the file name to the message.
 */
export async function gunzip(bytes: Uint8Array, maxBytes: number, capFromHead?: CapFromHead): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof DecompressionStream === 'undefined') {
    throw new GunzipError('this JavaScript runtime has no DecompressionStream, so it cannot read .gz files (use Node >= 18 or a current browser).', false);
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Write and read concurrently: awaiting the write first would deadlock on backpressure.
  const written = writer.write(plainBytes(bytes)).then(() => writer.close());
  written.catch(() => undefined); // the same failure surfaces from the reader below
  const reader = stream.readable.getReader();
  let cap = maxBytes;
  let asking = capFromHead !== undefined;
  let chunks: Uint8Array[] = [];
  let out: Uint8Array<ArrayBuffer> | null = null; // the whole output, once the cap is known
  let total = 0;
  try {
    for (;;) {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new GunzipError(`corrupt or truncated gzip data (${e instanceof Error ? e.message : String(e)}).`, false);
      }
      if (chunk.done) break;
      const value = chunk.value;
      if (total + value.length > cap) throw tooLarge(cap);
      if (out) out.set(value, total);
      else chunks.push(value);
      total += value.length;
      if (asking && capFromHead) {
        const head = concat(chunks, total);
        const wanted = capFromHead(head);
        if (wanted !== undefined || total >= HEAD_BYTES) asking = false;
        if (wanted !== undefined) {
          cap = Math.min(cap, wanted);
          if (total > cap) throw tooLarge(cap);
          out = concat([head], total, cap); // sized once: no second copy at the end
          chunks = [];
        } else chunks = [head];
      }
    }
    await written.catch((e: unknown) => {
      throw new GunzipError(`corrupt or truncated gzip data (${e instanceof Error ? e.message : String(e)}).`, false);
    });
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw e;
  }
  if (out) return out.subarray(0, total);
  if (chunks.length === 1 && chunks[0].buffer instanceof ArrayBuffer && chunks[0].byteLength === chunks[0].buffer.byteLength) {
    return chunks[0] as Uint8Array<ArrayBuffer>;
  }
  return concat(chunks, total);
}
