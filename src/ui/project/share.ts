/**
 * Share links: the spec, dataset and training settings (seed included, weights not) as base64url
 * JSON in the URL hash, `#share=...`. Opening one creates a new project from it.
 */
import { fromBase64Url, toBase64Url } from './base64';
import type { ProjectCore } from './types';
import { nameProblem, validateCore } from './validate';

const PREFIX = '#share=';

export function shareUrl(core: ProjectCore, name: string, base: string = location.href): string {
  const url = new URL(base);
  url.hash = PREFIX.slice(1) + toBase64Url(JSON.stringify({ v: 1, name, ...core }));
  return url.toString();
}

/** The shared project in `hash`, null when there is none, or an error message. */
export function readShareHash(hash: string): { core: ProjectCore; name: string } | { error: string } | null {
  if (!hash.startsWith(PREFIX)) return null;
  let data: unknown;
  try {
    data = JSON.parse(fromBase64Url(hash.slice(PREFIX.length)));
  } catch {
    return { error: 'The share link is damaged: it does not decode to a model.' };
  }
  const core = validateCore(data);
  if (!core.ok) return { error: `The share link holds no usable model: ${core.error}.` };
  const raw = (data as { name?: unknown }).name;
  const bad = raw === undefined ? null : nameProblem(raw, 'its name');
  if (bad) return { error: `The share link holds no usable model: ${bad}.` };
  return { core: core.value, name: (typeof raw === 'string' && raw.trim()) || 'Shared model' };
}
