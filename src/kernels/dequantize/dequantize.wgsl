// dequantize.wgsl — int8 weights back to float32, into the engine's flat parameter buffer.
//
//   dequantize_int8   params[i] = chan[i] == NOT_QUANTIZED ? keep[i] : f32(q[i]) * scales[chan[i]]
//
// q holds one signed byte per parameter, four per u32 word (little-endian: byte i % 4 of word
// i / 4). chan maps each parameter to its output channel's scale (symmetric per-channel
// quantization); biases and alignment padding are not quantized and are copied from keep.
// Legend: N parameters (a multiple of 4), NC channels.
//
// Bindings: 0 q (read, N/4 u32) · 1 chan (read, N u32) · 2 scales (read, NC f32) ·
//           3 keep (read, N f32) · 4 params (rw, N f32)
// Dispatch: NX x ceil(ceil(N / 256) / NX) workgroups of 256 (NX = min(ceil(N / 256), 65535)).

override N: u32;
override NX: u32;

const NOT_QUANTIZED: u32 = 0xffffffffu;

@group(0) @binding(0) var<storage, read> q: array<u32>;
@group(0) @binding(1) var<storage, read> chan: array<u32>;
@group(0) @binding(2) var<storage, read> scales: array<f32>;
@group(0) @binding(3) var<storage, read> keep: array<f32>;
@group(0) @binding(4) var<storage, read_write> params: array<f32>;

@compute @workgroup_size(256)
fn dequantize_int8(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.y * NX * 256u + gid.x;
  if (i >= N) { return; }
  let c = chan[i];
  if (c == NOT_QUANTIZED) {
    params[i] = keep[i];
    return;
  }
  let word = q[i / 4u];
  let shift = (i % 4u) * 8u;
  // Sign-extend the byte: move it to the top, then arithmetic shift back down.
  let v = bitcast<i32>(word << (24u - shift)) >> 24u;
  params[i] = f32(v) * scales[c];
}
