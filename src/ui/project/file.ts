/**
 * Project files: one JSON document with the project (spec, settings, positions, run history,
 * evaluation) and optionally its trained weights (base64 float32). `parseProjectFile` validates
 * everything before anything is replaced, so a bad file changes nothing; runs or an evaluation
 * that fail their checks are dropped and named in `notes`.
 */
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../engine/json-depth';
import { base64ToBytes, bytesToBase64 } from './base64';
import type { ProjectDoc, StoredWeights } from './types';
import { checkProject, checkWeights, type CheckedProject } from './validate-project';

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

export type ParsedProject = CheckedProject;

/** Decodes the file's weights to a Float32Array (checked against the model by checkWeights). */
function decodeWeights(w: unknown): { ok: true; value: unknown } | { ok: false; error: string } {
  if (!isObj(w) || typeof w.float32Base64 !== 'string') return { ok: false, error: 'The weights in this file are malformed.' };
  let bytes: Uint8Array;
  try {
    bytes = base64ToBytes(w.float32Base64);
  } catch {
    return { ok: false, error: 'The weights in this file are not valid base64.' };
  }
  if (bytes.length % 4 !== 0) return { ok: false, error: 'The weights in this file are truncated.' };
  const params = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4).slice();
  return { ok: true, value: { params, epoch: w.epoch, globalStep: w.globalStep, archKey: w.archKey } };
}

export function parseProjectFile(text: string): { ok: true; value: ParsedProject } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'This file is not JSON; choose a .playground.json file saved by this app.' };
  }
  if (nestsDeeperThan(data)) return { ok: false, error: `This project file nests more than ${MAX_JSON_DEPTH} levels deep; no project does.` };
  if (!isObj(data) || data.format !== PROJECT_FILE_FORMAT) return { ok: false, error: `This is not a playground project file (expected "format": "${PROJECT_FILE_FORMAT}").` };
  if (data.version !== PROJECT_FILE_VERSION) return { ok: false, error: `This project file is version ${JSON.stringify(data.version)?.slice(0, 40)}; this app reads version ${PROJECT_FILE_VERSION}.` };
  const now = Date.now();
  const checked = checkProject(data.project, now);
  if (!checked.ok) return { ok: false, error: `The project in this file is invalid: ${checked.error}.` };
  const { doc, notes } = checked.value;
  let weights: ParsedProject['weights'] = null;
  if (data.weights !== null && data.weights !== undefined) {
    const raw = decodeWeights(data.weights);
    if (!raw.ok) return raw;
    const w = checkWeights(raw.value, doc);
    if (!w.ok) return { ok: false, error: w.error.replace(/^The weights/, 'The weights in this file') };
    if (w.value === null) notes.push('The weights were not loaded: they belong to a different architecture.');
    weights = w.value;
  }
  return { ok: true, value: { doc: { ...doc, updatedAt: now }, weights, notes } };
}
