// mlp_steps.wgsl — whole training steps of a small dense stack in ONE dispatch of ONE workgroup:
// for each of `args.count` step records, gather the batch, forward, loss, backward and the
// optimizer update, with every activation and gradient of the batch in workgroup memory.
// On tiny models (2-10-1, the spiral MLP) a step is a few thousand multiply-adds and the ten-odd
// dispatches of the general schedule cost far more than the work; here G steps cost one dispatch.
//
//   per step s (record = records[args.first + s], copied into the private `step`):
//   a0[B, N0]      = xs[perm[base + i], :]                           (gather, rows past step.rows repeat the last)
//   a_l[B, N_l]    = act_l(a_{l-1} · W_l + b_l),  l = 1..L           (W_l [N_{l-1}, N_l] at WO_l, Keras layout)
//   loss           LOSS 0: softmax cross-entropy on class ids (a_L are logits; loss_softmax_xent_sparse),
//                  LOSS 1: mean squared error (loss_mse): the same values, gradients and metrics as loss.wgsl
//   d_L            = dL/dz_L (1 / rows per counted row; rows past step.rows give 0)
//   d_{l-1}[i, k]  = act_{l-1}'(a_{l-1}[i, k]) · Σ_j W_l[k, j] d_l[i, j]
//   grads          dW_l[k, j] = Σ_i a_{l-1}[i, k] d_l[i, j],  db_l[j] = Σ_i d_l[i, j],  0 in the padding
//   update         update_one(q) of prelude/optimizer_rule.wgsl for every vec4 q (clip: the global norm first)
//   metrics[0] += Σ loss, [1] += correct, [2] += rows                 (as loss.wgsl)
// The result equals the general schedule's up to float rounding (sums run in another order).
// Legend: B batch, L layers (1 to 4), N0..N4 widths, A1..A4 activation codes (activations_code),
// WO/BO the flat parameter offsets of each layer's kernel and bias (BO = NO_BIAS: none), TW target
// words per row (1 class id, or N_L floats), NROWS dataset rows, ACT_WORDS = B·(N0+..+NL),
// D_WORDS = B·(N1+..+NL), T_WORDS = B·TW (the launcher sizes them; they must fit workgroup memory).
//
// Bindings: 0 args (uniform: first, count) · 1 records (read: Step records, the trainer's ring) · 2 perm (read)
//   · 3 xs (read, f32 bits) · 4 ys (read, u32 words) · 5 params (rw) · 6 grads (rw) · 7 state (rw) · 8 metrics (rw)
// Dispatch: exactly 1 workgroup of WG (16 or 64).
// #include step activations_code optimizer_rule batch_row

struct Args {
  first: u32,
  count: u32,
  pad0: u32,
  pad1: u32,
}

override B: u32;
override L: u32;
override N0: u32;
override N1: u32;
override N2: u32 = 1u;
override N3: u32 = 1u;
override N4: u32 = 1u;
override A1: u32 = 0u;
override A2: u32 = 0u;
override A3: u32 = 0u;
override A4: u32 = 0u;
override WO1: u32 = 0u;
override WO2: u32 = 0u;
override WO3: u32 = 0u;
override WO4: u32 = 0u;
override BO1: u32 = 0xffffffffu;
override BO2: u32 = 0xffffffffu;
override BO3: u32 = 0xffffffffu;
override BO4: u32 = 0xffffffffu;
override LOSS: u32 = 0u;
override TW: u32 = 1u;
override NROWS: u32;
override ACT_WORDS: u32;
override D_WORDS: u32;
override T_WORDS: u32;
override P_WORDS: u32;
// Invocations of the one workgroup: 16 on a CPU adapter (measured on SwiftShader: 75 us per
// 2-10-1 step at 16, 169 at 64), 64 on a GPU (the launcher chooses).
override WG: u32 = 64u;
const NO_BIAS: u32 = 0xffffffffu;

@group(0) @binding(0) var<uniform> args: Args;
@group(0) @binding(1) var<storage, read> records: array<Step>;
@group(0) @binding(2) var<storage, read> perm: array<u32>;
@group(0) @binding(3) var<storage, read> xs: array<u32>;
@group(0) @binding(4) var<storage, read> ys: array<u32>;
@group(0) @binding(5) var<storage, read_write> params: array<vec4<f32>>;
@group(0) @binding(6) var<storage, read_write> grads: array<vec4<f32>>;
@group(0) @binding(7) var<storage, read_write> state: array<vec4<f32>>;
@group(0) @binding(8) var<storage, read_write> metrics: array<f32>;

// The step being run (optimizer_rule reads its lr, alpha, beta, gamma, clip) and the clip norm.
var<private> step: Step;
var<private> norm2: array<f32, 1>;

var<workgroup> acts: array<f32, ACT_WORDS>;
var<workgroup> deltas: array<f32, D_WORDS>;
var<workgroup> tgt: array<u32, T_WORDS>;
// The parameters as this step reads them (forward and backward), loaded at its start.
var<workgroup> wts: array<f32, P_WORDS>;
var<workgroup> red_a: array<f32, WG>;
var<workgroup> red_b: array<f32, WG>;

fn width(l: u32) -> u32 {
  switch l {
    case 0u: { return N0; }
    case 1u: { return N1; }
    case 2u: { return N2; }
    case 3u: { return N3; }
    default: { return N4; }
  }
}
fn act_of(l: u32) -> u32 {
  switch l {
    case 1u: { return A1; }
    case 2u: { return A2; }
    case 3u: { return A3; }
    default: { return A4; }
  }
}
fn w_off(l: u32) -> u32 {
  switch l {
    case 1u: { return WO1; }
    case 2u: { return WO2; }
    case 3u: { return WO3; }
    default: { return WO4; }
  }
}
fn b_off(l: u32) -> u32 {
  switch l {
    case 1u: { return BO1; }
    case 2u: { return BO2; }
    case 3u: { return BO3; }
    default: { return BO4; }
  }
}
// Where layer l's activations (l = 0: the input) and gradients (l >= 1) start in workgroup memory.
fn a_off(l: u32) -> u32 {
  var o = 0u;
  for (var m = 0u; m < l; m++) { o += B * width(m); }
  return o;
}
fn d_off(l: u32) -> u32 { return a_off(l) - B * N0; }

fn param(i: u32) -> f32 { return wts[i]; }

/**
 * Sums red_a and red_b over the workgroup into element 0 of each: one barrier, then invocation 0
 * adds the WG partial sums in order (on a CPU adapter every barrier of a tree costs more than the adds).
 */
fn reduce2(lid: u32, a: f32, b: f32) {
  red_a[lid] = a;
  red_b[lid] = b;
  workgroupBarrier();
  if (lid == 0u) {
    for (var s = 1u; s < WG; s++) {
      red_a[0] += red_a[s];
      red_b[0] += red_b[s];
    }
  }
  workgroupBarrier();
}

fn gather_and_forward(lid: u32) {
  for (var e = lid; e < B * N0; e += WG) { acts[e] = bitcast<f32>(xs[source_row(e / N0) * N0 + e % N0]); }
  for (var e = lid; e < B * TW; e += WG) { tgt[e] = ys[source_row(e / TW) * TW + e % TW]; }
  for (var q = lid; q < P4; q += WG) {
    let v = params[q];
    wts[4u * q] = v.x;
    wts[4u * q + 1u] = v.y;
    wts[4u * q + 2u] = v.z;
    wts[4u * q + 3u] = v.w;
  }
  workgroupBarrier();
  for (var l = 1u; l <= L; l++) {
    let ni = width(l - 1u);
    let no = width(l);
    let ai = a_off(l - 1u);
    let ao = a_off(l);
    let wo = w_off(l);
    let bo = b_off(l);
    let code = act_of(l);
    for (var e = lid; e < B * no; e += WG) {
      let i = e / no;
      let j = e % no;
      var z = 0.0;
      for (var k = 0u; k < ni; k++) { z += acts[ai + i * ni + k] * param(wo + k * no + j); }
      if (bo != NO_BIAS) { z += param(bo + j); }
      acts[ao + e] = act_code_fwd(code, z);
    }
    workgroupBarrier();
  }
}

/** The loss of the batch into the metrics and d_L = dL/dz_L into deltas. */
fn loss_and_output_grad(lid: u32) {
  let C = width(L);
  let ao = a_off(L);
  let dl = d_off(L);
  let rows = min(step.rows, B);
  var loss = 0.0;
  var correct = 0.0;
  for (var r = lid; r < B; r += WG) {
    let o = r * C;
    let counted = r < rows;
    if (LOSS == 0u) {
      let scale = 1.0 / f32(max(rows, 1u));
      var mx = acts[ao + o];
      var arg = 0u;
      for (var c = 1u; c < C; c++) {
        let v = acts[ao + o + c];
        if (v > mx) { mx = v; arg = c; }
      }
      var s = 0.0;
      for (var c = 0u; c < C; c++) { s += exp(acts[ao + o + c] - mx); }
      let lse = mx + log(s);
      let label = u32(clamp(bitcast<i32>(tgt[r]), 0, i32(C) - 1));
      for (var c = 0u; c < C; c++) {
        let t = select(0.0, 1.0, c == label);
        let p = exp(acts[ao + o + c] - mx) / s;
        deltas[dl + o + c] = select(0.0, (p - t) * scale, counted);
      }
      if (counted) {
        loss += lse - acts[ao + o + label];
        correct += select(0.0, 1.0, arg == label);
      }
    } else {
      let scale = 2.0 / f32(max(rows, 1u) * C);
      var l = 0.0;
      for (var c = 0u; c < C; c++) {
        let y = acts[ao + o + c];
        let d = y - bitcast<f32>(tgt[o + c]);
        l += d * d;
        deltas[dl + o + c] = select(0.0, d * scale * act_code_grad(act_of(L), y), counted);
      }
      if (counted) { loss += l / f32(C); }
    }
  }
  reduce2(lid, loss, correct);
  if (lid == 0u) {
    metrics[0] += red_a[0];
    metrics[1] += red_b[0];
    metrics[2] += f32(rows);
  }
}

fn backward_deltas(lid: u32) {
  for (var l = L; l > 1u; l--) {
    let ni = width(l - 1u);
    let no = width(l);
    let ai = a_off(l - 1u);
    let dl = d_off(l);
    let dp = d_off(l - 1u);
    let wo = w_off(l);
    let code = act_of(l - 1u);
    for (var e = lid; e < B * ni; e += WG) {
      let i = e / ni;
      let k = e % ni;
      var s = 0.0;
      for (var j = 0u; j < no; j++) { s += param(wo + k * no + j) * deltas[dl + i * no + j]; }
      deltas[dp + e] = s * act_code_grad(code, acts[ai + e]);
    }
    workgroupBarrier();
  }
}

/** The gradient of flat parameter `p`: the kernel or bias entry of the layer that owns it, else 0. */
fn grad_of(p: u32) -> f32 {
  for (var l = 1u; l <= L; l++) {
    let ni = width(l - 1u);
    let no = width(l);
    let wo = w_off(l);
    let bo = b_off(l);
    let dl = d_off(l);
    if (p >= wo && p < wo + ni * no) {
      let k = (p - wo) / no;
      let j = (p - wo) % no;
      let ai = a_off(l - 1u);
      var s = 0.0;
      for (var i = 0u; i < B; i++) { s += acts[ai + i * ni + k] * deltas[dl + i * no + j]; }
      return s;
    }
    if (bo != NO_BIAS && p >= bo && p < bo + no) {
      let j = p - bo;
      var s = 0.0;
      for (var i = 0u; i < B; i++) { s += deltas[dl + i * no + j]; }
      return s;
    }
  }
  return 0.0;
}

fn gradients_and_update(lid: u32) {
  let end = min(P4, TRAIN_END);
  var sq = 0.0;
  for (var q = lid; q < end; q += WG) {
    let g = vec4<f32>(grad_of(4u * q), grad_of(4u * q + 1u), grad_of(4u * q + 2u), grad_of(4u * q + 3u));
    grads[q] = g;
    sq += dot(g, g);
    if (!CLIP) { update_one(q); }
  }
  if (CLIP) {
    reduce2(lid, sq, 0.0);
    norm2[0] = red_a[0];
    for (var q = lid; q < end; q += WG) { update_one(q); }
  }
}

@compute @workgroup_size(WG)
fn mlp_steps(@builtin(local_invocation_index) lid: u32) {
  for (var s = 0u; s < args.count; s++) {
    step = records[args.first + s];
    gather_and_forward(lid);
    loss_and_output_grad(lid);
    workgroupBarrier();
    backward_deltas(lid);
    gradients_and_update(lid);
    // The next step reads the updated parameters (written by other invocations).
    storageBarrier();
    workgroupBarrier();
  }
}
