/**
 * Share links: the spec, dataset and training settings (seed included, weights not) in the URL
 * hash. Written as `#s=` + base64url of the DEFLATE-compressed JSON (the Transformer's link
 * shrinks from 2,829 to 817 characters); links of the first format, `#share=` + base64url JSON,
 * are still read. Opening one creates a new project from it. A link is untrusted: its size is bounded before and after
 * inflating (a small link must not inflate into megabytes), then it is validated like a project.
 */
import { Inflate, deflateSync } from 'fflate';
import { base64UrlToBytes, bytesToBase64Url, fromBase64Url } from './base64';
import type { ProjectCore } from './types';
import { nameProblem, validateCore } from './validate';

const PREFIX = '#s=';
const LEGACY_PREFIX = '#share=';
/** Longest hash read (characters); browsers keep URLs of a few MB, no model needs this much. */
export const MAX_SHARE_HASH = 400_000;
/** Most bytes of JSON a compressed link may inflate to. */
export const MAX_SHARE_JSON = 2_000_000;

export function shareUrl(core: ProjectCore, name: string, base: string = location.href): string {
  const url = new URL(base);
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, name, ...core }));
  url.hash = PREFIX.slice(1) + bytesToBase64Url(deflateSync(json, { level: 9 }));
  return url.toString();
}

class TooLarge extends Error {}

/** Inflates raw DEFLATE data, refusing output past `limit` bytes or a stream that does not end. */
export function inflateBounded(data: Uint8Array, limit: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > limit) throw new TooLarge();
    chunks.push(chunk);
    if (final) ended = true;
  });
  inflate.push(data, true);
  if (!ended) throw new Error('the compressed data ends early');
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The JSON text of a share hash (either format); throws when it does not decode. */
export function shareJson(hash: string): string {
  if (hash.startsWith(LEGACY_PREFIX)) return fromBase64Url(hash.slice(LEGACY_PREFIX.length));
  const bytes = inflateBounded(base64UrlToBytes(hash.slice(PREFIX.length)), MAX_SHARE_JSON);
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The shared project in `hash`, null when there is none, or an error message. */
export function readShareHash(hash: string): { core: ProjectCore; name: string } | { error: string } | null {
  if (!hash.startsWith(PREFIX) && !hash.startsWith(LEGACY_PREFIX)) return null;
  if (hash.length > MAX_SHARE_HASH) return { error: `The share link is too long (${hash.length} characters; at most ${MAX_SHARE_HASH}).` };
  let data: unknown;
  try {
    data = JSON.parse(shareJson(hash));
  } catch (e) {
    if (e instanceof TooLarge) return { error: `The share link is damaged: it unpacks to more than ${MAX_SHARE_JSON} bytes.` };
    return { error: 'The share link is damaged: it does not decode to a model.' };
  }
  const core = validateCore(data);
  if (!core.ok) return { error: `The share link holds no usable model: ${core.error}.` };
  const raw = (data as { name?: unknown }).name;
  const bad = raw === undefined ? null : nameProblem(raw, 'its name');
  if (bad) return { error: `The share link holds no usable model: ${bad}.` };
  return { core: core.value, name: (typeof raw === 'string' && raw.trim()) || 'Shared model' };
}
