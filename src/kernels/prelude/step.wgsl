// The per-step uniform, 40 bytes, written by src/kernels/step-uniform.ts (encodeStep; a test
// parses this struct and checks it against STEP_FIELDS there). base: first row of the batch in
// the dataset · rows: rows in the batch · step: optimizer step (1-based) · seed: per-step random
// seed · lr: learning rate · alpha: loss weight / scale · clip: gradient clip norm (0 = none) · beta, gamma: the optimizer's further per-step scalars.
struct Step {
  base: u32,
  rows: u32,
  step: u32,
  seed: u32,
  lr: f32,
  alpha: f32,
  clip: f32,
  beta: f32,
  gamma: f32,
  pad: f32,
}
