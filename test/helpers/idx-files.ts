/** Hand-built IDX files for tests: magic 00 00 type ndims, big-endian u32 dims, then the payload; and gzip of them. */
export function idxFile(typeCode: number, dims: number[], payload: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(4 + 4 * dims.length + payload.length);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(payload, 4 + 4 * dims.length);
  return out;
}

export async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
