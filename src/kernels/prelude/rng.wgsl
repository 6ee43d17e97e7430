// One round of the PCG hash (matches src/engine/reference/dropout.ts), scalar and 4-wide.
fn pcg(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
fn pcg4(v: vec4<u32>) -> vec4<u32> {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> vec4<u32>(28u)) + 4u)) ^ state) * 277803737u;
  return (word >> vec4<u32>(22u)) ^ word;
}
