/**
 * Python naming helpers shared by the model.py generators (model-py.ts, model-py-layers.ts): string
 * literals, docstring text, and how a layer id becomes an nn.Module attribute (`self.<id>` when that is a safe
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
const RESERVED = new Set(['forward', 'logits', 'predict', 'encode', 'predict_text', 'training', 'graph', 'train', 'eval', 'parameters', 'modules', 'state_dict', 'to', 'cuda', 'cpu', 'float', 'half', 'double', 'type', 'apply', 'zero_grad', 'children', 'buffers', 'register_buffer', 'add_module', 'dump_patches', 'call_super_init', 'T_destination']);

/**
 * A Python str literal of `s`. JSON's escapes (\\ \" \n \r \t \b \f \uXXXX, lone surrogates
 * included) all mean the same in a Python string, and JSON escapes every control character.
 */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

/**
 * `s` as text inside a (non-raw) triple-quoted docstring that reads back as exactly `s`:
 * backslashes and double quotes escaped (so no `\N{`, `\x` or closing `"""` reaches Python),
 * carriage returns and other control characters and lone surrogates as escapes; newlines kept.
 */
export function pyDocText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it escapes
  return s.replace(/[\\"]|[\u0000-\u0009\u000b-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) =>
    c === '\\' || c === '"' ? `\\${c}` : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
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
