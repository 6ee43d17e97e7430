// The activations of prelude/activations.wgsl with the code as an argument (recurrent cells mix
// two: the cell activation and the gates' recurrent activation), scalar and 4-wide. Codes from
// src/engine/layers/activation-codes.ts: 0 linear, 1 relu, 2 sigmoid, 3 tanh.
fn act_code_fwd(code: u32, z: f32) -> f32 {
  switch code {
    case 1u: { return max(z, 0.0); }
    case 2u: { return 1.0 / (1.0 + exp(-clamp(z, -80.0, 80.0))); }
    case 3u: { return tanh(clamp(z, -15.0, 15.0)); }
    default: { return z; }
  }
}
fn act_code_grad(code: u32, y: f32) -> f32 {
  switch code {
    case 1u: { return select(0.0, 1.0, y > 0.0); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    default: { return 1.0; }
  }
}
fn act_code_fwd4(code: u32, z: vec4<f32>) -> vec4<f32> {
  switch code {
    case 1u: { return max(z, vec4<f32>(0.0)); }
    case 2u: { return 1.0 / (1.0 + exp(-clamp(z, vec4<f32>(-80.0), vec4<f32>(80.0)))); }
    case 3u: { return tanh(clamp(z, vec4<f32>(-15.0), vec4<f32>(15.0))); }
    default: { return z; }
  }
}
fn act_code_grad4(code: u32, y: vec4<f32>) -> vec4<f32> {
  switch code {
    case 1u: { return select(vec4<f32>(0.0), vec4<f32>(1.0), y > vec4<f32>(0.0)); }
    case 2u: { return y * (1.0 - y); }
    case 3u: { return 1.0 - y * y; }
    default: { return vec4<f32>(1.0); }
  }
}
