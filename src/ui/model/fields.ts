/**
 * The editable fields of every layer type, for the inspector: each layer's definition declares its
 * own (`LayerDef.fields`, descriptors in engine/layers/fields.ts); this module reads them from the
 * registry and parses and formats field text.
 */
import { LAYERS, layerDef } from '../../engine/layers/registry';
import type { FieldDesc } from '../../engine/layers/fields';
import type { LayerSpec, LayerType } from '../../engine/spec';

export type { FieldDesc } from '../../engine/layers/fields';

/** Every layer type's fields, from its definition. */
export const LAYER_FIELDS = Object.fromEntries(Object.entries(LAYERS).map(([type, def]) => [type, def.fields])) as Record<LayerType, FieldDesc[]>;

/** A field's value; keys may be dotted paths into nested objects (Bidirectional's `layer.units`). */
export function getField(layer: object, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), layer);
}

/** Fields for a layer type the inspector has no description of: one per plain value it holds. */
export function fieldsFor(layer: LayerSpec): FieldDesc[] {
  const known = Object.hasOwn(LAYER_FIELDS, layer.type) ? (LAYER_FIELDS as Partial<Record<string, FieldDesc[]>>)[layer.type] : undefined;
  if (known) return known;
  return Object.entries(layer)
    .filter(([k]) => k !== 'id' && k !== 'type' && k !== 'inputs')
    .flatMap(([key, v]): FieldDesc[] =>
      typeof v === 'number'
        ? [{ key, label: key, kind: Number.isInteger(v) ? 'int' : 'number' }]
        : typeof v === 'boolean'
          ? [{ key, label: key, kind: 'bool', default: v }]
          : Array.isArray(v) && v.every((x) => typeof x === 'number')
            ? [{ key, label: key, kind: 'shape' }]
            : [],
    );
}

/** A new layer of `type` with sensible values (its definition's `initial`), not yet connected. */
export function newLayer(type: LayerType, id: string): LayerSpec {
  // A deep copy: no two layers share a nested object (Bidirectional's `layer`, Input's `shape`).
  return { id, type, ...structuredClone(layerDef(type)?.initial), inputs: [] } as LayerSpec;
}

/** Parses the text of a field; returns the value, `undefined` for an empty optional field, or an error message. */
export function parseField(f: FieldDesc, text: string): { value: unknown } | { error: string } {
  const t = text.trim();
  if (t === '') return f.optional || f.kind === 'select' || f.kind === 'bool' ? { value: undefined } : { error: 'Required' };
  switch (f.kind) {
    case 'int': {
      if (!/^[+-]?\d+$/.test(t)) return { error: 'Enter a whole number' };
      const v = Number(t);
      if (f.min !== undefined && v < f.min) return { error: `Must be at least ${f.min}` };
      if (f.max !== undefined && v > f.max) return { error: `Must be at most ${f.max}` };
      return { value: v };
    }
    case 'number': {
      const v = Number(t);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) || !Number.isFinite(v)) return { error: 'Enter a number' };
      if (f.min !== undefined && (f.minExclusive ? v <= f.min : v < f.min)) return { error: `Must be ${f.minExclusive ? 'above' : 'at least'} ${f.min}` };
      if (f.max !== undefined && (f.maxExclusive ? v >= f.max : v > f.max)) return { error: `Must be ${f.maxExclusive ? 'below' : 'at most'} ${f.max}` };
      return { value: v };
    }
    case 'shape': {
      const parts = t.split(/[\s,x×]+/).filter(Boolean);
      if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) return { error: 'Enter positive whole numbers separated by commas' };
      return { value: parts.map(Number) };
    }
    case 'size2': {
      const parts = t.split(/[\s,x×]+/).filter(Boolean);
      if (parts.length < 1 || parts.length > 2 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) return { error: 'Enter one or two positive whole numbers' };
      return { value: parts.length === 1 ? Number(parts[0]) : [Number(parts[0]), Number(parts[1])] };
    }
    case 'pad2': {
      const parts = t.split(/[\s,x×()[\]]+/).filter(Boolean);
      if (![1, 2, 4].includes(parts.length) || parts.some((p) => !/^\d+$/.test(p))) return { error: 'Enter one, two (height, width) or four (top, bottom, left, right) whole numbers' };
      const n = parts.map(Number);
      return { value: n.length === 1 ? n[0] : n.length === 2 ? [n[0], n[1]] : [[n[0], n[1]], [n[2], n[3]]] };
    }
    case 'select':
      return f.options.includes(t) ? { value: t } : { error: `Choose one of ${f.options.join(', ')}` };
    case 'bool':
      return { value: t === 'true' };
  }
}

/** The text shown in a field's input for a spec value. */
export function formatField(f: FieldDesc, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.flat().join(', ');
  void f;
  return String(value);
}
