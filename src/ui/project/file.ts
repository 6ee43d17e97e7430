/**
 * Project files: one JSON document with the project (spec, settings, positions, run history,
 * evaluation) and optionally its trained weights (base64 float32). `parseProjectFile` validates
 * everything before anything is replaced, so a bad file changes nothing.
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import type { ProjectDoc, RunRecord, StoredWeights } from './types';
import { validateCore } from './validate';

export const PROJECT_FILE_FORMAT = 'webgpu-playground/project';
export const PROJECT_FILE_VERSION = 1;

interface FileWeights {
  epoch: number;
  globalStep: number;
  archKey: string;
  float32Base64: string;
}

export function projectFileText(doc: ProjectDoc, weights: StoredWeights | null): string {
  const { id: _id, ...project } = doc;
  const w: FileWeights | null = weights
    ? { epoch: weights.epoch, globalStep: weights.globalStep, archKey: weights.archKey, float32Base64: bytesToBase64(new Uint8Array(weights.params.buffer, weights.params.byteOffset, weights.params.byteLength)) }
    : null;
  return JSON.stringify({ format: PROJECT_FILE_FORMAT, version: PROJECT_FILE_VERSION, project, weights: w }, null, 1);
}

export function projectFileName(doc: ProjectDoc): string {
  const slug = doc.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'project';
  return `${slug}.playground.json`;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function cleanRun(v: unknown): RunRecord | null {
  if (!isObj(v) || !Array.isArray(v.train) || !Array.isArray(v.val)) return null;
  const ok = (p: unknown) => isObj(p) && typeof p.x === 'number' && typeof p.loss === 'number';
  return { ...(v as unknown as RunRecord), train: (v.train as unknown[]).filter(ok) as RunRecord['train'], val: (v.val as unknown[]).filter(ok) as RunRecord['val'] };
}

export type ParsedProject = { doc: Omit<ProjectDoc, 'id'>; weights: Omit<StoredWeights, 'projectId'> | null };

export function parseProjectFile(text: string): { ok: true; value: ParsedProject } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not JSON; choose a .playground.json file saved by this app.' };
  }
  if (!isObj(data) || data.format !== PROJECT_FILE_FORMAT) return { ok: false, error: `This is not a playground project file (expected "format": "${PROJECT_FILE_FORMAT}").` };
  if (data.version !== PROJECT_FILE_VERSION) return { ok: false, error: `This project file is version ${JSON.stringify(data.version)}; this app reads version ${PROJECT_FILE_VERSION}.` };
  const p = data.project;
  const core = validateCore(p);
  if (!core.ok || !isObj(p)) return { ok: false, error: `The project in this file is invalid: ${core.ok ? 'missing' : core.error}.` };
  const now = Date.now();
  const history = Array.isArray(p.history) ? (p.history.map(cleanRun).filter(Boolean) as RunRecord[]) : [];
  const doc: Omit<ProjectDoc, 'id'> = {
    ...core.value,
    name: typeof p.name === 'string' && p.name.trim() ? p.name.trim() : 'Imported project',
    createdAt: typeof p.createdAt === 'number' ? p.createdAt : now,
    updatedAt: now,
    positions: isObj(p.positions) ? (p.positions as ProjectDoc['positions']) : {},
    presetId: typeof p.presetId === 'string' ? p.presetId : null,
    current: cleanRun(p.current),
    history,
    evaluation: isObj(p.evaluation) ? (p.evaluation as unknown as ProjectDoc['evaluation']) : null,
    nextRunId: typeof p.nextRunId === 'number' ? p.nextRunId : history.length + 2,
  };
  let weights: ParsedProject['weights'] = null;
  const w = data.weights;
  if (w !== null && w !== undefined) {
    if (!isObj(w) || typeof w.float32Base64 !== 'string' || typeof w.epoch !== 'number' || typeof w.globalStep !== 'number' || typeof w.archKey !== 'string') {
      return { ok: false, error: 'The weights in this file are malformed.' };
    }
    let bytes: Uint8Array;
    try {
      bytes = base64ToBytes(w.float32Base64);
    } catch {
      return { ok: false, error: 'The weights in this file are not valid base64.' };
    }
    if (bytes.length % 4 !== 0) return { ok: false, error: 'The weights in this file are truncated.' };
    weights = { params: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4).slice(), epoch: w.epoch, globalStep: w.globalStep, archKey: w.archKey };
  }
  return { ok: true, value: { doc, weights } };
}
