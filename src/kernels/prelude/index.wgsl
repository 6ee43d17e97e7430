// The flat invocation index of a 1-D grid split as X x Y workgroups under the 65535 limit
// (src/kernels/grid.ts splitGrid), for workgroups of the including file's WG invocations.
fn flat_id(gid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return gid.x + gid.y * nwg.x * WG;
}
