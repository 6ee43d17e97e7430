// loss_direct.wgsl — the Keras 3 losses that read the model's output itself (no absorbed activation),
// with their gradient and the running metrics, one dispatch each. Concatenated after loss.wgsl
// (same overrides B, C, T, WG, the same bindings and reduce_and_store).
//
// Element-wise, loss = mean over the rows*C counted elements, dz = dl/dv / (rows*C), d = v - t:
//   loss_mae            |d|                                    -> sign(d)
//   loss_huber          0.5 d² if |d| <= DELTA, else DELTA (|d| - 0.5 DELTA)   -> d, or DELTA sign(d)
//   loss_log_cosh       d + softplus(-2d) - log 2              -> tanh(d)
//   loss_hinge          max(1 - y v, 0)                        -> -y where 1 - y v > 0
//   loss_squared_hinge  max(1 - y v, 0)²                       -> -2 y max(1 - y v, 0)
//   loss_poisson        v - t log(v + 1e-7)                    -> 1 - t / (v + 1e-7)
// The hinges' y is the target with 0 read as -1 (Keras converts {0, 1} labels to {-1, 1}; the
// dataset check admits only all-{-1, 1} or all-{0, 1} targets, so this per-element rule is Keras's
// per-batch one). Their metrics[1] counts elements whose sign matches y (mean over C per row).
// Per row (each row's sum over C, mean over the counted rows; dz = dl/dv / rows):
//   loss_kl_divergence      Σ tc log(tc / vc), tc, vc clipped to [1e-7, 1]  -> -tc / vc inside the clip, else 0;
//                           metrics[1] counts rows with argmax v == argmax t
//   loss_cosine_similarity  -(t / max(|t|, 1e-7)) · (v / max(|v|, 1e-7))    -> -(t̂ - cos·u) / |v|
//                           (u = v/|v|), or -t̂ / 1e-7 where |v| <= 1e-7
// Every kernel copies v to p (the predictions the app reads).
// Legend: B batch, T positions per sample (1 here), C output width; v = z[i], t = targets[i].
//
// Bindings (as loss.wgsl): 0 step (uniform) · 1 z [B*T, C] (read) · 2 targets [B*T, C] f32 (read)
//   · 3 p [B*T, C] (rw) · 4 dz [B*T, C] (rw) · 5 metrics [4] (rw)
// Dispatch: exactly 1 workgroup of WG threads (as loss.wgsl).

override DELTA: f32 = 1.0;
const EPS: f32 = 1e-7;
const LN2: f32 = 0.6931471805599453;

const K_MAE: u32 = 0u;
const K_HUBER: u32 = 1u;
const K_LOG_COSH: u32 = 2u;
const K_HINGE: u32 = 3u;
const K_SQUARED_HINGE: u32 = 4u;
const K_POISSON: u32 = 5u;

fn hinge_label(t: f32) -> f32 { return select(t, -1.0, t == 0.0); }

// (loss, dloss/dv) of one element.
fn elem_loss(kind: u32, v: f32, t: f32) -> vec2<f32> {
  let d = v - t;
  switch kind {
    case K_MAE: { return vec2<f32>(abs(d), sign(d)); }
    case K_HUBER: {
      let a = abs(d);
      if (a <= DELTA) { return vec2<f32>(0.5 * d * d, d); }
      return vec2<f32>(DELTA * a - 0.5 * DELTA * DELTA, DELTA * sign(d));
    }
    case K_LOG_COSH: {
      let sp = max(-2.0 * d, 0.0) + log(1.0 + exp(-abs(2.0 * d)));
      return vec2<f32>(d + sp - LN2, tanh(clamp(d, -20.0, 20.0)));
    }
    case K_HINGE: {
      let y = hinge_label(t);
      let m = max(1.0 - y * v, 0.0);
      return vec2<f32>(m, select(0.0, -y, m > 0.0));
    }
    case K_SQUARED_HINGE: {
      let y = hinge_label(t);
      let m = max(1.0 - y * v, 0.0);
      return vec2<f32>(m * m, -2.0 * y * m);
    }
    default: { return vec2<f32>(v - t * log(v + EPS), 1.0 - t / (v + EPS)); }
  }
}

fn elementwise_loss(lid: u32, kind: u32) {
  let rows = counted_rows();
  let scale = 1.0 / f32(max(rows, 1u) * C);
  let classify = kind == K_HINGE || kind == K_SQUARED_HINGE;
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lid; r < total_rows(); r += WG) {
    let counted = r < rows;
    var l = 0.0;
    var ok = 0.0;
    for (var c = 0u; c < C; c++) {
      let i = r * C + c;
      let v = z[i];
      let t = targets[i];
      let e = elem_loss(kind, v, t);
      p[i] = v;
      l += e.x;
      ok += select(0.0, 1.0, (v > 0.0) == (hinge_label(t) > 0.0));
      dz[i] = select(0.0, e.y * scale, counted);
    }
    if (counted) {
      loss += l / f32(C);
      correct += select(0.0, ok / f32(C), classify);
    }
  }
  reduce_and_store(lid, loss, correct);
}

@compute @workgroup_size(WG)
fn loss_mae(@builtin(local_invocation_index) lid: u32) { elementwise_loss(lid, K_MAE); }

@compute @workgroup_size(WG)
fn loss_huber(@builtin(local_invocation_index) lid: u32) { elementwise_loss(lid, K_HUBER); }

@compute @workgroup_size(WG)
fn loss_log_cosh(@builtin(local_invocation_index) lid: u32) { elementwise_loss(lid, K_LOG_COSH); }

@compute @workgroup_size(WG)
fn loss_hinge(@builtin(local_invocation_index) lid: u32) { elementwise_loss(lid, K_HINGE); }

@compute @workgroup_size(WG)
fn loss_squared_hinge(@builtin(local_invocation_index) lid: u32) { elementwise_loss(lid, K_SQUARED_HINGE); }

@compute @workgroup_size(WG)
fn loss_poisson(@builtin(local_invocation_index) lid: u32) { elementwise_loss(lid, K_POISSON); }

@compute @workgroup_size(WG)
fn loss_kl_divergence(@builtin(local_invocation_index) lid: u32) {
  let rows = counted_rows();
  let scale = 1.0 / f32(max(rows, 1u));
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lid; r < total_rows(); r += WG) {
    let o = r * C;
    let counted = r < rows;
    var l = 0.0;
    var varg = 0u;
    var vmax = z[o];
    var targ = 0u;
    var tmax = targets[o];
    for (var c = 0u; c < C; c++) {
      let v = z[o + c];
      let t = targets[o + c];
      if (v > vmax) { vmax = v; varg = c; }
      if (t > tmax) { tmax = t; targ = c; }
      let tc = clamp(t, EPS, 1.0);
      let vc = clamp(v, EPS, 1.0);
      p[o + c] = v;
      l += tc * log(tc / vc);
      let g = select(0.0, -tc / vc, v >= EPS && v <= 1.0);
      dz[o + c] = select(0.0, g * scale, counted);
    }
    if (counted) {
      loss += l;
      correct += select(0.0, 1.0, varg == targ);
    }
  }
  reduce_and_store(lid, loss, correct);
}

@compute @workgroup_size(WG)
fn loss_cosine_similarity(@builtin(local_invocation_index) lid: u32) {
  let rows = counted_rows();
  let scale = 1.0 / f32(max(rows, 1u));
  var loss = 0.0;
  for (var r = lid; r < total_rows(); r += WG) {
    let o = r * C;
    let counted = r < rows;
    var vv = 0.0;
    var tt = 0.0;
    var vt = 0.0;
    for (var c = 0u; c < C; c++) {
      let v = z[o + c];
      let t = targets[o + c];
      vv += v * v;
      tt += t * t;
      vt += v * t;
    }
    let nv = max(sqrt(vv), EPS);
    let nt = max(sqrt(tt), EPS);
    let cosv = vt / (nv * nt);
    let free = sqrt(vv) > EPS;
    for (var c = 0u; c < C; c++) {
      let v = z[o + c];
      let th = targets[o + c] / nt;
      p[o + c] = v;
      let g = select(-th / EPS, -(th - cosv * v / nv) / nv, free);
      dz[o + c] = select(0.0, g * scale, counted);
    }
    if (counted) { loss -= cosv; }
  }
  reduce_and_store(lid, loss, 0.0);
}
