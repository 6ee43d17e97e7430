/**
 * Reading back the composites of a TF.js export (tfjs-layers-sequence.ts): the list in
 * `userDefinedMetadata.playground.composites` says which group of core layers stands for which
 * engine layer. Untrusted input: the list is type-checked, each composite's fields are read into a
 * spec layer (the engine's analysis then checks the values), and once the model's spec is known
 * the groups are rebuilt from it and must equal the file's layers one by one (class, config,
 * inbound nodes), so what TensorFlow.js runs is what the playground imports.
 */
import type { LayerSpec } from '../../engine/spec';
import type { CompositeMeta } from './tfjs-builder';
import type { TfjsPlan } from './tfjs-plan';
import { compositeFields } from './tfjs-layers-import';
import { showJson } from './show-json';

export { showJson };

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** The composites listed in the metadata (none when absent); malformed entries are problems. */
export function readComposites(v: unknown, problems: string[]): CompositeMeta[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push('userDefinedMetadata.playground.composites must be a list');
    return [];
  }
  const out: CompositeMeta[] = [];
  for (const [i, c] of v.entries()) {
    if (!isObj(c) || typeof c.name !== 'string' || !isObj(c.layer) || typeof c.layer.type !== 'string' || !isStrings(c.inputs) || !isStrings(c.layers)) {
      problems.push(`userDefinedMetadata.playground.composites[${i}] must be {name, layer: {type, ...}, inputs: [names], layers: [names]}`);
      continue;
    }
    out.push({ name: c.name, layer: c.layer, inputs: c.inputs, layers: c.layers });
  }
  return out;
}

/** The spec layer a composite stands for (inputs not set); its values are checked later by the engine's analysis. */
export function compositeLayer(c: CompositeMeta, problems: string[]): LayerSpec | null {
  // The fields each type's row of the TF.js import table allows (tfjs-layers-import.ts).
  const fields = compositeFields(c.layer.type);
  if (!fields) {
    problems.push(`layer "${c.name}": composite of type ${showJson(c.layer.type)} is not one the playground writes`);
    return null;
  }
  const out: Json = { id: c.name, type: c.layer.type };
  for (const [k, v] of Object.entries(c.layer)) {
    if (k === 'type') continue;
    if (!Object.hasOwn(fields, k)) problems.push(`layer "${c.name}" (${c.layer.type}): unknown field ${showJson(k)}`);
    else if (typeof v !== fields[k]) problems.push(`layer "${c.name}" (${c.layer.type}) ${k}: must be a ${fields[k]} (got ${showJson(v)})`);
    else out[k] = v;
  }
  return out as unknown as LayerSpec;
}

/** Deeper than anything the playground writes: such a value differs from the planned one. */
const MAX_DEPTH = 64;

/**
 * JSON with object keys sorted: equal values give equal text whatever the key order. Nesting past
 * MAX_DEPTH becomes a marker no planned value contains (no recursion into untrusted depth).
 */
function canonical(v: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) return '\u0000too deep';
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, depth + 1)).join(',')}]`;
  if (isObj(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k], depth + 1)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The file's composite layers against the ones the spec rebuilds: every difference is a problem. */
export function checkComposites(fileLayers: unknown[], metas: CompositeMeta[], plan: TfjsPlan, problems: string[]): void {
  const byName = new Map<string, Json>();
  for (const l of fileLayers) if (isObj(l) && typeof l.name === 'string') byName.set(l.name, l);
  const planned = new Map(plan.layers.map((l) => [l.name, l]));
  const expected = new Map(plan.composites.map((c) => [c.name, c]));
  for (const meta of metas) {
    const want = expected.get(meta.name);
    if (!want) {
      problems.push(`layer "${meta.name}": the metadata lists it as a ${meta.layer.type} group of layers, but the playground writes this model's layer differently`);
      continue;
    }
    if (canonical(meta.inputs) !== canonical(want.inputs) || canonical(meta.layers) !== canonical(want.layers)) {
      problems.push(`layer "${meta.name}" (${meta.layer.type}): its inputs or inner layers are not the ones the playground writes (expected inner layers ${want.layers.join(', ')})`);
      continue;
    }
    for (const name of [...want.layers, want.name]) {
      const got = byName.get(name);
      const p = planned.get(name)!;
      const same = got && got.class_name === p.class_name && canonical(got.config) === canonical(p.config) && canonical(got.inbound_nodes) === canonical(p.inbound_nodes);
      if (!same) problems.push(`layer "${name}" (part of ${meta.layer.type} "${meta.name}"): differs from what the playground writes for it`);
    }
  }
  for (const c of plan.composites) if (!metas.some((m) => m.name === c.name)) problems.push(`layer "${c.name}": the playground computes this ${c.layer.type} differently from the file's layer (it writes it as a group of layers the metadata would list)`);
}
