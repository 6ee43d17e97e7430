/**
 * Field-by-field type checks of one untrusted layer: a known type (own-property lookup, so
 * "constructor" or "__proto__" is no type), a usable id, and every field it carries of the JS
 * type the inspector and the engine expect (finite numbers, number lists, booleans, strings from
 * the allowed sets). Values that are well typed but wrong (units 0, shapes that do not fit) are
 * left to analyzeModel, whose errors the editor shows.
 */
import { CELL_TYPES } from '../../engine/layers/fields';
import { layerDef } from '../../engine/layers/registry';
import type { FieldDesc } from '../model/fields';
import { isValidId } from '../model/ids';

export const MAX_SHAPE_RANK = 16;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** An id that can name a layer: the editor's id pattern, and no name inherited by every object. */
export function idProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id === '') return 'needs a non-empty string id';
  if (id in Object.prototype) return `has the reserved id ${JSON.stringify(id)}`;
  if (!isValidId(id)) return `has the id ${JSON.stringify(id.slice(0, 80))}, which is not a layer id (a letter or _, then at most 63 letters, digits, _ . or -)`;
  return null;
}

function fieldProblem(f: FieldDesc, v: unknown): string | null {
  switch (f.kind) {
    case 'int':
    case 'number':
      return isNum(v) ? null : 'must be a finite number';
    case 'bool':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'select':
      return typeof v === 'string' && f.options.includes(v) ? null : `must be one of ${f.options.join(', ')}`;
    case 'shape':
      if (!Array.isArray(v) || v.length > MAX_SHAPE_RANK || !v.every(isNum)) return `must be a list of at most ${MAX_SHAPE_RANK} finite numbers`;
      return null;
    case 'size2':
      return isNum(v) || (Array.isArray(v) && v.length === 2 && v.every(isNum)) ? null : 'must be a number or a [height, width] pair of numbers';
    case 'pad2': {
      const pair = (p: unknown) => Array.isArray(p) && p.length === 2 && p.every(isNum);
      return isNum(v) || pair(v) || (Array.isArray(v) && v.length === 2 && v.every(pair)) ? null : 'must be a number, a [height, width] pair or [[top, bottom], [left, right]]';
    }
  }
}

/** Checks the plain (undotted) fields of `fields` that `l` carries. */
function checkFields(l: Record<string, unknown>, fields: readonly FieldDesc[], prefix: string): string | null {
  for (const f of fields) {
    if (f.key.includes('.') || !Object.hasOwn(l, f.key) || l[f.key] === undefined) continue;
    const bad = fieldProblem(f, l[f.key]);
    if (bad) return `${prefix}${f.key} ${bad}`;
  }
  return null;
}

/** The fields a layer of `type` may carry: those the inspector edits and those it only stores. */
function fieldsOf(type: string): FieldDesc[] {
  const def = layerDef(type);
  return def ? [...def.fields, ...(def.storedFields ?? [])] : [];
}

/** What is wrong with layer number `i` (from 0), or null. */
export function layerProblem(l: unknown, i: number): string | null {
  if (!isObj(l)) return `layer #${i + 1} is not an object`;
  const idBad = idProblem(l.id);
  if (idBad) return `layer #${i + 1} ${idBad}`;
  const where = `layer "${l.id as string}"`;
  if (typeof l.type !== 'string' || !layerDef(l.type)) return `${where} has the unknown type ${JSON.stringify(typeof l.type === 'string' ? l.type.slice(0, 80) : l.type)}`;
  if (l.inputs !== undefined) {
    if (!Array.isArray(l.inputs) || l.inputs.length > 64) return `${where}: inputs must be a list of at most 64 layer ids`;
    for (const s of l.inputs) {
      const bad = idProblem(s);
      if (bad) return `${where}: an input ${bad}`;
    }
  }
  const bad = checkFields(l, fieldsOf(l.type), `${where} `);
  if (bad) return bad;
  if (l.type === 'Bidirectional') {
    const cell = l.layer;
    if (!isObj(cell) || typeof cell.type !== 'string' || !(CELL_TYPES as readonly string[]).includes(cell.type)) return `${where} needs a wrapped layer of type ${CELL_TYPES.join(', ')}`;
    const cellBad = checkFields(cell, fieldsOf(cell.type), `${where} layer.`);
    if (cellBad) return cellBad;
  }
  return null;
}
