/**
 * Test helper: an FNV-1a checksum of a typed array's values, read as little-endian bytes so the
 * pinned numbers are host-independent. Used to pin generated data bit-for-bit.
 */
export function checksum(a: Float32Array | Int32Array | Uint32Array): number {
  const dv = new DataView(new ArrayBuffer(4));
  let h = 0x811c9dc5;
  for (let i = 0; i < a.length; i++) {
    if (a instanceof Float32Array) dv.setFloat32(0, a[i], true);
    else dv.setUint32(0, a[i] >>> 0, true);
    for (let k = 0; k < 4; k++) {
      h ^= dv.getUint8(k);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}
