// optimizer_rule.wgsl — the per-element optimizer update, Keras semantics (one home: optimizer.wgsl
// runs it over the flat parameter vector, mlp/mlp_steps.wgsl inside its fused training steps).
//
//   update_one(i)   g' = clip_scale·g + WD·p (WD only for i < DECAY_END: kernels, not biases)
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
// The including file declares: `step: Step` (its lr, alpha, beta, gamma, clip), `grads` and `params`
// (array<vec4<f32>>), `state` (the slots stacked: slot k of vec4 i at state[k*P4 + i]) and
// `norm2` (norm2[0] = Σ g² over the trained vec4s; read only when CLIP).

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
