/**
 * The Generate panel's fields as typed text, checked into a generate request or a message per
 * field (the worker checks again; these limits match src/worker/generate/generate-text.ts).
 */
import type { ToWorker } from '../../worker/protocol';

export type GenerateCommand = Omit<Extract<ToWorker, { type: 'generate' }>, 'type'>;

export interface GenerateFields {
  prompt: string;
  length: string;
  temperature: string;
  topK: string;
  seed: string;
}

export const DEFAULT_GENERATE_FIELDS: GenerateFields = { prompt: 'The ', length: '200', temperature: '0.8', topK: '10', seed: '1' };

/** Most characters one request may ask for (as the worker). */
export const MAX_LENGTH = 2000;

export type FieldErrors = Partial<Record<keyof GenerateFields, string>>;

const WHOLE = /^\s*\d+\s*$/;

export function parseGenerateFields(f: GenerateFields, id: number): { request: GenerateCommand | null; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (f.prompt.length === 0) errors.prompt = 'Type at least one character to start from.';
  const length = WHOLE.test(f.length) ? Number(f.length) : NaN;
  if (!(length >= 1 && length <= MAX_LENGTH)) errors.length = `A whole number from 1 to ${MAX_LENGTH}.`;
  const temperature = f.temperature.trim() === '' ? NaN : Number(f.temperature);
  if (!(Number.isFinite(temperature) && temperature >= 0)) errors.temperature = 'A number of 0 or more (0 always picks the most likely character).';
  const topK = WHOLE.test(f.topK) ? Number(f.topK) : NaN;
  if (!(topK >= 0)) errors.topK = 'A whole number of 0 or more (0 keeps every character).';
  const seed = /^\s*-?\d+\s*$/.test(f.seed) ? Number(f.seed) : NaN;
  if (!Number.isSafeInteger(seed)) errors.seed = 'A whole number.';
  if (Object.keys(errors).length > 0) return { request: null, errors };
  return { request: { id, prompt: f.prompt, length, temperature, topK, seed }, errors };
}
