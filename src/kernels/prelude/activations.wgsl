// Elementwise activations selected by the including file's `override ACT: u32`: the code switch of
// prelude/activations_code.wgsl (included with this part) at a constant code.
fn act_fwd(z: f32) -> f32 { return act_code_fwd(ACT, z); }
fn act_grad(y: f32) -> f32 { return act_code_grad(ACT, y); }
