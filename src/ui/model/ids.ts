/** Layer ids: unique snake_case names derived from the layer type (dense, dense_1, ...). */
import type { LayerType, ModelSpec } from '../../engine/spec';

export function baseName(type: LayerType): string {
  return type
    .replace(/2D$/, '2d')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export function uniqueId(spec: ModelSpec, type: LayerType, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set([...spec.layers.map((l) => l.id), ...taken]);
  const base = baseName(type);
  if (!used.has(base)) return base;
  for (let i = 1; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The id pattern, and no name every object inherits ("constructor", "__proto__"): ids key plain objects. */
export const isValidId = (id: string): boolean => /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/.test(id) && !(id in Object.prototype);
