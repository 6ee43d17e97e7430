/**
 * Pure edits of a ModelSpec, one function per editor command: add, insert after, remove (healing
 * simple chains), connect, disconnect, set a field, rename, set the output and the model-level
 * settings. Every function returns a new spec and never mutates its argument.
 */
import { layerDef } from '../../engine/layers/registry';
import type { LossOptions } from '../../engine/losses';
import { WEIGHTED_LOSSES } from '../../engine/class-weights';
import { optimizerDefaults, type LayerSpec, type LayerType, type LossName, type ModelSpec, type OptimizerName, type OptimizerSpec } from '../../engine/spec';
import { hyperLabel } from '../../engine/optimizers';
import { newLayer } from './fields';
import { uniqueId } from './ids';

const inputsOf = (l: LayerSpec): string[] => l.inputs ?? [];

function maxInputs(type: string): number {
  return layerDef(type)?.arity[1] ?? 1;
}

/** Adds an unconnected layer; the first layer of an empty model becomes its output. */
export function addLayer(spec: ModelSpec, type: LayerType): { spec: ModelSpec; id: string } {
  const id = uniqueId(spec, type);
  const layers = [...spec.layers, newLayer(type, id)];
  return { spec: { ...spec, layers, output: spec.layers.length === 0 ? id : spec.output }, id };
}

/**
 * Inserts a new layer after `after` (or after the output when null): it takes `after` as its
 * input and replaces it in every consumer; when `after` was the output, the new layer is.
 */
export function insertAfter(spec: ModelSpec, after: string | null, type: LayerType): { spec: ModelSpec; id: string } {
  const anchor = after ?? (spec.layers.some((l) => l.id === spec.output) ? spec.output : null);
  const id = uniqueId(spec, type);
  const layer = newLayer(type, id);
  if (!anchor || maxInputs(type) === 0) return addLayer(spec, type);
  layer.inputs = [anchor];
  const layers = spec.layers.map((l) => (inputsOf(l).includes(anchor) ? { ...l, inputs: inputsOf(l).map((s) => (s === anchor ? id : s)) } : l));
  const at = layers.findIndex((l) => l.id === anchor);
  layers.splice(at + 1, 0, layer);
  return { spec: { ...spec, layers, output: spec.output === anchor ? id : spec.output }, id };
}

/** Removes layers; a removed layer with one input hands that input to its consumers. */
export function removeLayers(spec: ModelSpec, ids: readonly string[]): ModelSpec {
  const gone = new Set(ids);
  if (gone.size === 0) return spec;
  // Where a removed layer's consumers connect instead (followed through chains of removed layers).
  const heal = (id: string): string | null => {
    const seen = new Set<string>();
    let cur: string | null = id;
    while (cur && gone.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      const l = spec.layers.find((x) => x.id === cur);
      const ins = l ? inputsOf(l) : [];
      cur = ins.length === 1 ? ins[0] : null;
    }
    return cur && !gone.has(cur) ? cur : null;
  };
  const layers = spec.layers
    .filter((l) => !gone.has(l.id))
    .map((l) => {
      if (!inputsOf(l).some((s) => gone.has(s))) return l;
      const next: string[] = [];
      for (const s of inputsOf(l)) {
        const to = gone.has(s) ? heal(s) : s;
        if (to && !next.includes(to)) next.push(to);
      }
      return { ...l, inputs: next };
    });
  let output = spec.output;
  if (gone.has(output)) output = heal(output) ?? sinkOf(layers) ?? '';
  return { ...spec, layers, output };
}

/** The last layer nothing consumes (a natural output). */
function sinkOf(layers: LayerSpec[]): string | null {
  const used = new Set(layers.flatMap(inputsOf));
  for (let i = layers.length - 1; i >= 0; i--) if (!used.has(layers[i].id)) return layers[i].id;
  return layers.at(-1)?.id ?? null;
}

/** True when `from` is reachable from `to` through inputs (so to -> from already exists). */
export function wouldCycle(spec: ModelSpec, source: string, target: string): boolean {
  if (source === target) return true;
  const byId = new Map(spec.layers.map((l) => [l.id, l]));
  const stack = [source];
  const seen = new Set<string>();
  while (stack.length) {
    const id = stack.pop()!;
    if (id === target) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...inputsOf(byId.get(id) ?? ({ inputs: [] } as unknown as LayerSpec)));
  }
  return false;
}

/** Why `source -> target` cannot be drawn, or null. Shape problems are allowed (shown on the node). */
export function connectionProblem(spec: ModelSpec, source: string, target: string): string | null {
  const t = spec.layers.find((l) => l.id === target);
  if (!t || !spec.layers.some((l) => l.id === source)) return 'unknown layer';
  if (maxInputs(t.type) === 0) return `${t.type} takes no inputs`;
  if (inputsOf(t).includes(source)) return 'already connected';
  if (wouldCycle(spec, source, target)) return 'that would make a cycle';
  return null;
}

/** Connects source -> target: replaces the input of one-input layers, appends otherwise (up to the arity). */
export function connect(spec: ModelSpec, source: string, target: string): ModelSpec {
  if (connectionProblem(spec, source, target)) return spec;
  const layers = spec.layers.map((l) => {
    if (l.id !== target) return l;
    const max = maxInputs(l.type);
    const ins = inputsOf(l);
    const next = max <= 1 ? [source] : ins.length >= max ? [...ins.slice(1), source] : [...ins, source];
    return { ...l, inputs: next };
  });
  // Connecting out of the output layer moves the output downstream.
  const output = spec.output === source ? target : spec.output;
  return { ...spec, layers, output };
}

export function disconnect(spec: ModelSpec, source: string, target: string): ModelSpec {
  return { ...spec, layers: spec.layers.map((l) => (l.id === target ? { ...l, inputs: inputsOf(l).filter((s) => s !== source) } : l)) };
}

/** Sets (or with undefined, clears) one field of a layer. */
export function setLayerField(spec: ModelSpec, id: string, key: string, value: unknown): ModelSpec {
  return {
    ...spec,
    layers: spec.layers.map((l) => {
      if (l.id !== id) return l;
      return setPath(l as unknown as Record<string, unknown>, key.split('.'), value) as unknown as LayerSpec;
    }),
  };
}

export function renameLayer(spec: ModelSpec, from: string, to: string): ModelSpec {
  if (from === to || spec.layers.some((l) => l.id === to)) return spec;
  return {
    ...spec,
    output: spec.output === from ? to : spec.output,
    layers: spec.layers.map((l) => ({ ...l, id: l.id === from ? to : l.id, inputs: inputsOf(l).map((s) => (s === from ? to : s)) }) as LayerSpec),
  };
}

export function setOutput(spec: ModelSpec, id: string): ModelSpec {
  return { ...spec, output: id };
}

export function setLoss(spec: ModelSpec, loss: LossName): ModelSpec {
  // Class weights belong to the cross-entropies: another loss drops them (their field is hidden then).
  return WEIGHTED_LOSSES.has(loss) || !spec.lossOptions?.classWeights ? { ...spec, loss } : { ...setLossOption(spec, 'classWeights', undefined), loss };
}

/** Sets (or, with undefined, clears) one of the loss's settings; no settings left leaves out lossOptions. */
export function setLossOption(spec: ModelSpec, key: keyof LossOptions, value: number | number[] | undefined): ModelSpec {
  const rest: LossOptions = { ...spec.lossOptions };
  delete rest[key];
  const next: LossOptions = value === undefined ? rest : { ...rest, [key]: value };
  const base = { ...spec };
  delete base.lossOptions;
  return Object.keys(next).length ? { ...base, lossOptions: next } : base;
}

/** Switches the optimizer type, keeping the learning rate. */
export function setOptimizerType(spec: ModelSpec, type: OptimizerName): ModelSpec {
  const lr = spec.optimizer.lr;
  const next = { type, ...(lr !== undefined ? { lr } : {}) } as OptimizerSpec;
  return { ...spec, optimizer: next };
}

export function setOptimizerField(spec: ModelSpec, key: string, value: unknown): ModelSpec {
  const next = { ...spec.optimizer } as Record<string, unknown>;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return { ...spec, optimizer: next as unknown as OptimizerSpec };
}

export function setModelField(spec: ModelSpec, key: 'weightDecay' | 'clipNorm' | 'name', value: number | string | undefined): ModelSpec {
  const next = { ...spec } as Record<string, unknown>;
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next as unknown as ModelSpec;
}

/** The optimizer's hyperparameters (beyond the type) with their defaults. */
export function optimizerFields(o: OptimizerSpec): { key: string; label: string; value: number | boolean; given: boolean }[] {
  const d = optimizerDefaults(o) as unknown as Record<string, number | boolean>;
  const given = o as unknown as Record<string, unknown>;
  return Object.keys(d)
    .filter((k) => k !== 'type')
    .map((k) => ({ key: k, label: hyperLabel(k), value: d[k], given: given[k] !== undefined }));
}

/** A copy of `o` with the dotted path set (or deleted for undefined). */
function setPath(o: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = path;
  const next = { ...o };
  if (rest.length > 0) next[head] = setPath((o[head] as Record<string, unknown>) ?? {}, rest, value);
  else if (value === undefined) delete next[head];
  else next[head] = value;
  return next;
}
