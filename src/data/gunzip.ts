/**
 * gzip detection and decompression with the web-standard DecompressionStream('gzip'), which
 * browsers, Web Workers and Node >= 18 all provide, so no zlib port is bundled.
 */

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** A view of `bytes` backed by a plain ArrayBuffer (copies only SharedArrayBuffer-backed input). */
function plainBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes);
}

/**
 * Decompresses a complete gzip file. Rejects (with the runtime's own error) when the data is
 * corrupt or truncated; callers add the file name to the message.
 */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  if (typeof DecompressionStream === 'undefined') {
    throw new Error('this JavaScript runtime has no DecompressionStream, so it cannot read .gz files (use Node >= 18 or a current browser)');
  }
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // Write and read concurrently: awaiting the write first would deadlock on backpressure.
  const written = writer.write(plainBytes(bytes)).then(() => writer.close());
  written.catch(() => undefined); // the same failure surfaces from the reader below
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
  }
  await written;
  if (chunks.length === 1 && chunks[0].buffer instanceof ArrayBuffer && chunks[0].byteLength === chunks[0].buffer.byteLength) {
    return chunks[0] as Uint8Array<ArrayBuffer>;
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}
