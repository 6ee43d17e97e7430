// loss.wgsl — losses with their gradient and the running metrics, one dispatch each.
//
//   loss_softmax_xent_sparse  z[B*T,C] logits, labels[B*T] i32 -> p[B*T,C] softmax, dz = (p - onehot)/rows
//   loss_softmax_xent_onehot  z[B*T,C] logits, t[B*T,C] f32    -> p, dz = (p - t)/rows
//   loss_sigmoid_bce          z[B*T,C] logits, t[B*T,C] f32    -> p = sigmoid(z), dz = (p - t)/(rows*C)
//   (with label smoothing LS > 0 the cross-entropies' t is smoothed: t (1 - LS) + LS / C, bce LS / 2;
//   accuracy compares with the unsmoothed label)
//   The cross-entropies weight each row's loss and gradient by cw[class] (Keras's class_weight: the
//   label, argmax of the one-hot row, bce the rounded target per element); still divided by rows.
//   A model without class weights binds all ones (x 1.0 is exact: the same numbers, bit for bit).
//   loss_mse                  p[B*T,C] predictions, t[B*T,C]   -> dz = 2(p - t)/(rows*C)  (p written = copy)
//
// A row is one (sample, position) pair: T = 1 for a model with one output row per sample; a
// per-timestep output [T, C] (a language model's next-token distribution at every position) has
// T rows per sample, sample-major (row = n*T + t), and its labels are [B, T] class ids.
// Only the first step.rows samples count (the tail batch of an epoch is partial), i.e. the first
// rows = step.rows*T rows; the others get a zero gradient. metrics[0] += Σ loss over counted rows
// (mean over C for bce/mse), metrics[1] += correct predictions, metrics[2] += rows counted, so
// loss and accuracy are means over all counted positions. Cross-entropy is computed from logits
// via log-sum-exp, so it never takes the log of a clipped probability.
// Legend: B batch, T positions per sample (default 1), C classes or output width.
//
// Bindings: 0 step (uniform) · 1 z (read) · 2 target (read) · 3 p (rw) · 4 dz (rw) · 5 metrics (rw)
//   · 6 cw [C] f32 class weights (read; the three cross-entropies only, bce [2]: w0, w1)
// Dispatch: exactly 1 workgroup of WG (32 or 64, a power of two chosen from the batch: on
// SwiftShader a wider workgroup's barrier tree costs more than the rows it spreads).
// #include step


override B: u32;
override C: u32;
override T: u32 = 1u;
override WG: u32 = 64u;
// Label smoothing ε of the three cross-entropies: targets t (1 - ε) + ε / C (bce: ε / 2), Keras's.
override LS: f32 = 0.0;

@group(0) @binding(0) var<uniform> step: Step;
@group(0) @binding(1) var<storage, read> z: array<f32>;
@group(0) @binding(2) var<storage, read> labels: array<i32>;
@group(0) @binding(2) var<storage, read> targets: array<f32>;
@group(0) @binding(3) var<storage, read_write> p: array<f32>;
@group(0) @binding(4) var<storage, read_write> dz: array<f32>;
@group(0) @binding(5) var<storage, read_write> metrics: array<f32>;
@group(0) @binding(6) var<storage, read> cw: array<f32>;

var<workgroup> red_loss: array<f32, WG>;
var<workgroup> red_correct: array<f32, WG>;

fn reduce_and_store(lid: u32, loss: f32, correct: f32) {
  red_loss[lid] = loss;
  red_correct[lid] = correct;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) {
      red_loss[lid] += red_loss[lid + s];
      red_correct[lid] += red_correct[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    metrics[0] += red_loss[0];
    metrics[1] += red_correct[0];
    metrics[2] += f32(counted_rows());
  }
}

// Rows of the batch, and the leading rows that count (whole samples of the partial tail batch).
fn total_rows() -> u32 { return B * T; }
fn counted_rows() -> u32 { return min(step.rows, B) * T; }

// Softmax of row r into p, returns (log-sum-exp, argmax).
fn softmax_row(r: u32) -> vec2<f32> {
  let o = r * C;
  var mx = z[o];
  var arg = 0u;
  for (var c = 1u; c < C; c++) {
    let v = z[o + c];
    if (v > mx) { mx = v; arg = c; }
  }
  var s = 0.0;
  for (var c = 0u; c < C; c++) {
    let e = exp(z[o + c] - mx);
    p[o + c] = e;
    s += e;
  }
  let inv = 1.0 / s;
  for (var c = 0u; c < C; c++) { p[o + c] *= inv; }
  return vec2<f32>(mx + log(s), f32(arg));
}

@compute @workgroup_size(WG)
fn loss_softmax_xent_sparse(@builtin(local_invocation_index) lid: u32) {
  let rows = counted_rows();
  let scale = 1.0 / f32(max(rows, 1u));
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lid; r < total_rows(); r += WG) {
    let o = r * C;
    let sm = softmax_row(r);
    let label = u32(clamp(labels[r], 0, i32(C) - 1));
    let counted = r < rows;
    let w = cw[label];
    var l = 0.0;
    for (var c = 0u; c < C; c++) {
      let t = select(0.0, 1.0 - LS, c == label) + LS / f32(C);
      l += t * (sm.x - z[o + c]);
      dz[o + c] = select(0.0, (p[o + c] - t) * w * scale, counted);
    }
    if (counted) {
      loss += l * w;
      correct += select(0.0, 1.0, u32(sm.y) == label);
    }
  }
  reduce_and_store(lid, loss, correct);
}

@compute @workgroup_size(WG)
fn loss_softmax_xent_onehot(@builtin(local_invocation_index) lid: u32) {
  let rows = counted_rows();
  let scale = 1.0 / f32(max(rows, 1u));
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lid; r < total_rows(); r += WG) {
    let o = r * C;
    let sm = softmax_row(r);
    let counted = r < rows;
    var l = 0.0;
    var targ = 0u;
    var tmax = targets[o];
    for (var c = 1u; c < C; c++) {
      let t0 = targets[o + c];
      if (t0 > tmax) { tmax = t0; targ = c; }
    }
    let w = cw[targ];
    for (var c = 0u; c < C; c++) {
      let t = targets[o + c] * (1.0 - LS) + LS / f32(C);
      l += t * (sm.x - z[o + c]);
      dz[o + c] = select(0.0, (p[o + c] - t) * w * scale, counted);
    }
    if (counted) {
      loss += l * w;
      correct += select(0.0, 1.0, u32(sm.y) == targ);
    }
  }
  reduce_and_store(lid, loss, correct);
}

@compute @workgroup_size(WG)
fn loss_sigmoid_bce(@builtin(local_invocation_index) lid: u32) {
  let rows = counted_rows();
  let scale = 1.0 / f32(max(rows, 1u) * C);
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lid; r < total_rows(); r += WG) {
    let counted = r < rows;
    var l = 0.0;
    var ok = 0.0;
    for (var c = 0u; c < C; c++) {
      let i = r * C + c;
      let v = z[i];
      let t0 = targets[i];
      let t = t0 * (1.0 - LS) + 0.5 * LS;
      let prob = 1.0 / (1.0 + exp(-clamp(v, -80.0, 80.0)));
      p[i] = prob;
      // softplus form: max(v,0) - v*t + log(1 + exp(-|v|))
      let w = cw[select(0u, 1u, t0 > 0.5)];
      l += (max(v, 0.0) - v * t + log(1.0 + exp(-abs(v)))) * w;
      ok += select(0.0, 1.0, (prob > 0.5) == (t0 > 0.5));
      dz[i] = select(0.0, (prob - t) * w * scale, counted);
    }
    if (counted) {
      loss += l / f32(C);
      correct += ok / f32(C);
    }
  }
  reduce_and_store(lid, loss, correct);
}

@compute @workgroup_size(WG)
fn loss_mse(@builtin(local_invocation_index) lid: u32) {
  let rows = counted_rows();
  let scale = 2.0 / f32(max(rows, 1u) * C);
  var loss = 0.0;
  for (var r = lid; r < total_rows(); r += WG) {
    let counted = r < rows;
    var l = 0.0;
    for (var c = 0u; c < C; c++) {
      let i = r * C + c;
      let d = z[i] - targets[i];
      p[i] = z[i];
      l += d * d;
      dz[i] = select(0.0, d * scale, counted);
    }
    if (counted) { loss += l / f32(C); }
  }
  reduce_and_store(lid, loss, 0.0);
}
