/**
 * The scaling parts of the generated model.py (TrainedModel.preprocessing, src/io/preprocessing.ts):
 * module-level constants FEATURE_OFFSET / FEATURE_SCALE and TARGET_OFFSET / TARGET_SCALE as plain
 * Python lists, non-persistent buffers (so the state_dict, and strict loading, are unchanged) and
 * the preprocess(x) / postprocess(y) methods that forward() calls: the module takes raw rows and
 * returns raw targets. Numbers are written as JavaScript's shortest round-trip text, which Python
 * reads back to the same float64.
 */
import type { Preprocessing } from '../../data/scaling';

const pyList = (xs: readonly number[]) => `[${xs.map((x) => (Number.isInteger(x) && Math.abs(x) < 1e15 ? `${x}.0` : String(x))).join(', ')}]`;

/** Module-level constants (after the imports). */
export function preprocessingConstants(p: Preprocessing | null): string {
  if (!p) return '';
  const lines = [`SCALING_MODE = "${p.mode}"`];
  if (p.features) lines.push(`FEATURE_OFFSET = ${pyList(p.features.offset)}`, `FEATURE_SCALE = ${pyList(p.features.scale)}`);
  if (p.targets) lines.push(`TARGET_OFFSET = ${pyList(p.targets.offset)}`, `TARGET_SCALE = ${pyList(p.targets.scale)}`);
  return `${lines.join('\n')}\n`;
}

/** Lines of __init__ (buffers that follow .to(device) but stay out of the state_dict). */
export function preprocessingInit(p: Preprocessing | null): string[] {
  if (!p) return [];
  const out: string[] = [];
  for (const [name, a] of [['feature', p.features], ['target', p.targets]] as const) {
    if (!a) continue;
    const upper = name.toUpperCase();
    out.push(`self.register_buffer("${name}_offset", torch.tensor(${upper}_OFFSET, dtype=torch.float32), persistent=False)`);
    out.push(`self.register_buffer("${name}_scale", torch.tensor(${upper}_SCALE, dtype=torch.float32), persistent=False)`);
  }
  return out;
}

/** The preprocess / postprocess methods (class body, 4-space indented). */
export function preprocessingMethods(p: Preprocessing | null): string {
  if (!p) return '';
  let s = '';
  if (p.features) {
    s += `
    def preprocess(self, x):
        """Raw rows [N, F] -> what the layers were trained on: (x - FEATURE_OFFSET) * FEATURE_SCALE."""
        return (x.float() - self.feature_offset) * self.feature_scale
`;
  }
  if (p.targets) {
    s += `
    def postprocess(self, y):
        """Scaled outputs [N, U] -> raw target units: y / TARGET_SCALE + TARGET_OFFSET."""
        return y / self.target_scale + self.target_offset
`;
  }
  return s;
}

/** A paragraph for the module docstring. */
export function preprocessingDoc(p: Preprocessing | null): string {
  if (!p) return '';
  const parts: string[] = [];
  if (p.features) parts.push('forward() takes RAW rows: preprocess() scales each feature first, x\' = (x - FEATURE_OFFSET) * FEATURE_SCALE');
  if (p.targets) parts.push('forward() and predict() return RAW target units: postprocess() maps the\nlayers\' output y to y / TARGET_SCALE + TARGET_OFFSET (logits() and forward(..., final_activation=False)\nstay in the scaled units the loss reads, as the playground trained)');
  return `\nScaling (${p.mode}, statistics of the playground's training rows; also in preprocessing.json):\n${parts.map((x) => `- ${x}.`).join('\n')}\n`;
}
