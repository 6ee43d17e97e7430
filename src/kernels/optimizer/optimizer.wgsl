// optimizer.wgsl — one fused update over the whole flat parameter vector, Keras semantics.
//
//   optimizer_global_norm  norm2[0] = Σ g²                     (only when clipping by global norm)
//   optimizer_update       g' = clip_scale·g + WD·p (WD only for i < DECAY_END: kernels, not biases)
//     OPT 0 sgd       p -= lr·g'
//     OPT 1 momentum  v = MOM·v - lr·g';  p += v
//     OPT 2 nesterov  v = MOM·v - lr·g';  p += MOM·v - lr·g'
//     OPT 3 adagrad   a += g'²;  p -= lr·g'/√(a + EPS)             (a starts at the initial accumulator)
//     OPT 4 rmsprop   v = RHO·v + (1-RHO)·g'²;  p -= lr·g'/√(v + EPS)   (Keras 3: epsilon inside the root)
//     OPT 5 adam      m = B1·m + (1-B1)·g';  v = B2·v + (1-B2)·g'²;  p -= alpha·m/(√v + EPS)
//                     with alpha = lr·√(1-B2^t)/(1-B1^t) computed on the CPU in float64
//     OPT 6 amsgrad   adam with vhat = max(vhat, v) in the denominator (slots m, v, vhat)
//     OPT 7 adamax    m = B1·m + (1-B1)·g';  u = max(B2·u, |g'| + EPS);  p -= alpha·m/u   (alpha = lr/(1-B1^t))
//     OPT 8 nadam     m, v as adam;  p -= (alpha·g' + beta·m)/(√(v·gamma) + EPS)   (torch.optim.NAdam;
//                     alpha, beta, gamma = 1/(1-B2^t) from the momentum schedule, on the CPU in float64)
//     OPT 9 adadelta  v = RHO·v + (1-RHO)·g'²;  d = √(u + EPS)/√(v + EPS)·g';  u = RHO·u + (1-RHO)·d²;  p -= lr·d
//     OPT 10 lion     p -= lr·sign(B1·m + (1-B1)·g');  m = B2·m + (1-B2)·g'   (Keras 3)
//   DWD > 0 (AdamW, Lion): p -= lr·DWD·p on every parameter before the update (decoupled weight decay)
// The OPT code, the override constants and alpha come from the optimizer table (src/engine/optimizers.ts).
// Legend: P4 = parameter count / 4 (the flat buffers are padded to whole vec4s). TRAIN_END: vec4s
// from this index on are non-trainable state (BatchNormalization's moving statistics): neither
// updated nor counted in the clip norm (default: everything trains).
//
// Bindings: optimizer_update: 0 step (uniform) · 1 grads (read) · 2 norm2 (read) · 3 params (rw) · 4 state (rw)
//           state holds the optimizer's slots stacked: slot k of vec4 i at state[k*P4 + i] (any number of slots)
//           optimizer_global_norm: 0 grads (read) · 1 norm2 (rw)
// Dispatch: update: workgroups of 64 over a grid-stride loop, so any count covers P4 (the launcher
// decides); global_norm exactly 1 workgroup of 64.
// #include step


override P4: u32;
override OPT: u32 = 0u;
override MOM: f32 = 0.0;
override RHO: f32 = 0.9;
override B1: f32 = 0.9;
override B2: f32 = 0.999;
override EPS: f32 = 1e-7;
override WD: f32 = 0.0;
override DWD: f32 = 0.0;
override DECAY_END: u32 = 0u;
override CLIP: bool = false;
override TRAIN_END: u32 = 0xffffffffu;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> grads: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> norm2: array<f32>;
@group(0) @binding(3) var<storage, read_write> params: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> state: array<vec4<f32>>;

@compute @workgroup_size(64)
fn optimizer_update(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  // Grid-stride loop: any number of workgroups covers all P4 vec4s.
  let end = min(P4, TRAIN_END);
  for (var i = gid.x; i < end; i += 64u * nwg.x) { update_one(i); }
}

fn update_one(i: u32) {
  var g = grads[i];
  if (CLIP) {
    let n = sqrt(norm2[0]);
    g *= select(1.0, step.clip / n, n > step.clip);
  }
  var p = params[i];
  if (WD > 0.0 && i < DECAY_END) { g += WD * p; }
  let lr = step.lr;
  if (DWD > 0.0) { p -= lr * DWD * p; }
  switch OPT {
    case 1u: {
      let v = MOM * state[i] - lr * g;
      state[i] = v;
      p += v;
    }
    case 2u: {
      let v = MOM * state[i] - lr * g;
      state[i] = v;
      p += MOM * v - lr * g;
    }
    case 3u: {
      let a = state[i] + g * g;
      state[i] = a;
      p -= lr * g / sqrt(a + EPS);
    }
    case 4u: {
      let v = RHO * state[i] + (1.0 - RHO) * g * g;
      state[i] = v;
      p -= lr * g / sqrt(v + EPS);
    }
    case 5u: {
      let m = B1 * state[i] + (1.0 - B1) * g;
      let v = B2 * state[P4 + i] + (1.0 - B2) * g * g;
      state[i] = m;
      state[P4 + i] = v;
      p -= step.alpha * m / (sqrt(v) + EPS);
    }
    case 6u: {
      let m = B1 * state[i] + (1.0 - B1) * g;
      let v = B2 * state[P4 + i] + (1.0 - B2) * g * g;
      let vhat = max(state[2u * P4 + i], v);
      state[i] = m;
      state[P4 + i] = v;
      state[2u * P4 + i] = vhat;
      p -= step.alpha * m / (sqrt(vhat) + EPS);
    }
    case 7u: {
      let m = B1 * state[i] + (1.0 - B1) * g;
      let u = max(B2 * state[P4 + i], abs(g) + EPS);
      state[i] = m;
      state[P4 + i] = u;
      p -= step.alpha * m / u;
    }
    case 8u: {
      let m = B1 * state[i] + (1.0 - B1) * g;
      let v = B2 * state[P4 + i] + (1.0 - B2) * g * g;
      state[i] = m;
      state[P4 + i] = v;
      p -= (step.alpha * g + step.beta * m) / (sqrt(v * step.gamma) + EPS);
    }
    case 9u: {
      let v = RHO * state[i] + (1.0 - RHO) * g * g;
      let d = sqrt(state[P4 + i] + EPS) / sqrt(v + EPS) * g;
      state[i] = v;
      state[P4 + i] = RHO * state[P4 + i] + (1.0 - RHO) * d * d;
      p -= lr * d;
    }
    case 10u: {
      let m = state[i];
      p -= lr * sign(B1 * m + (1.0 - B1) * g);
      state[i] = B2 * m + (1.0 - B2) * g;
    }
    default: {
      p -= lr * g;
    }
  }
  params[i] = p;
}

@group(0) @binding(0) var<storage, read> n_grads: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read_write> n_out: array<f32>;

var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn optimizer_global_norm(@builtin(local_invocation_index) lid: u32) {
  var s = 0.0;
  for (var i = lid; i < min(P4, TRAIN_END); i += 64u) {
    let g = n_grads[i];
    s += dot(g, g);
  }
  partial[lid] = s;
  workgroupBarrier();
  for (var w = 32u; w > 0u; w = w >> 1u) {
    if (lid < w) { partial[lid] += partial[lid + w]; }
    workgroupBarrier();
  }
  if (lid == 0u) { n_out[0] = partial[0]; }
}
