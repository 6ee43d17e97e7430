/**
 * Python naming helpers shared by the model.py generators (model-py.ts, attention-py.ts): string
 * literals, and how a layer id becomes an nn.Module attribute (`self.<id>` when that is a safe
 * identifier, else getattr / add_module with the id as a string).
 */
export class TorchExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TorchExportError';
  }
}

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
/** nn.Module attributes and our own method names a layer id must not shadow. */
const RESERVED = new Set(['forward', 'logits', 'predict', 'training', 'graph', 'train', 'eval', 'parameters', 'modules', 'state_dict', 'to', 'cuda', 'cpu', 'float', 'half', 'double', 'type', 'apply', 'zero_grad', 'children', 'buffers', 'register_buffer', 'add_module', 'dump_patches', 'call_super_init', 'T_destination']);

export function pyString(s: string): string {
  return JSON.stringify(s);
}

/** Expression that reaches the submodule of layer `id`. */
export function moduleRef(id: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(id) && !PY_KEYWORDS.has(id) && !RESERVED.has(id) && !id.startsWith('_')) return `self.${id}`;
  return `getattr(self, ${pyString(id)})`;
}

/** The __init__ line that registers `expr` as the submodule of layer `id`. */
export function moduleAssign(id: string, expr: string): string {
  const ref = moduleRef(id);
  return ref.startsWith('self.') ? `${ref} = ${expr}` : `self.add_module(${pyString(id)}, ${expr})`;
}

/** A Python float literal that round-trips the JS number exactly. */
export function pyFloat(x: number): string {
  const s = String(x);
  return /[.eE]/.test(s) || !Number.isFinite(x) ? s : `${s}.0`;
}
