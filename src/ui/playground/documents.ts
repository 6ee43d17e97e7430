/**
 * Building project documents: a new project from a preset or a shared/imported core, the run
 * config of a core (for run records), and the stored document composed from editor + run state.
 */
import { analyzeModel } from '../../engine/graph';
import { PRESETS, type Preset } from '../../presets/presets';
import { autoLayout, type XY } from '../model/layout';
import { archKey } from '../project/keys';
import { compactRun } from '../project/runs';
import type { ProjectCore, ProjectDoc, RunConfig } from '../project/types';
import type { UiState } from '../state';

export const DEFAULT_PRESET: Preset = PRESETS.find((p) => p.id === 'spiral-mlp') ?? PRESETS[0];

export function presetCore(p: Preset): ProjectCore {
  return { spec: structuredClone(p.spec) as ProjectCore['spec'], dataset: p.dataset, settings: structuredClone(p.train) };
}

const newId = (): string => (typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);

export function newDoc(core: ProjectCore, name: string, presetId: string | null, positions?: Record<string, XY>, now: number = Date.now()): ProjectDoc {
  return {
    id: newId(),
    name,
    createdAt: now,
    updatedAt: now,
    ...core,
    positions: positions ?? autoLayout(core.spec),
    presetId,
    current: null,
    history: [],
    evaluation: null,
    nextRunId: 1,
  };
}

export function withNewId(doc: Omit<ProjectDoc, 'id'>): ProjectDoc {
  return { ...doc, id: newId() };
}

export function runConfig(core: ProjectCore): RunConfig {
  const a = analyzeModel(core.spec);
  return {
    dataset: core.dataset,
    loss: core.spec.loss,
    optimizer: core.spec.optimizer,
    settings: core.settings,
    params: a.graph?.paramCount ?? 0,
    layers: core.spec.layers.length,
    archKey: archKey(core),
  };
}

export interface ProjectMeta {
  id: string;
  name: string;
  createdAt: number;
  presetId: string | null;
}

export function composeDoc(meta: ProjectMeta, core: ProjectCore, positions: Record<string, XY>, s: UiState, now: number = Date.now()): ProjectDoc {
  const ids = new Set(core.spec.layers.map((l) => l.id));
  return {
    ...meta,
    updatedAt: now,
    ...core,
    positions: Object.fromEntries(Object.entries(positions).filter(([id]) => ids.has(id))),
    current: compactRun(s.current),
    history: s.history.map((r) => compactRun(r)),
    evaluation: s.evaluation,
    nextRunId: s.nextRunId,
  };
}
