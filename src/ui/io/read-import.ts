/**
 * What the import control was given, sorted out before anything reaches the worker: one
 * .safetensors file, a TF.js layers model (model.json and its .bin files), a Keras 3 .keras file,
 * an .onnx file, or a .zip holding one of those (what the export menu downloads, or a CLI run folder: its
 * spec.json / model.json is the model spec, not TF.js's). Anything else is refused with the reason.
 */
import { unzipSync } from 'fflate';
import type { FileBytes, ImportSource } from '../../worker/protocol';

/** Largest total (files, or a zip's unpacked contents) read. */
export const MAX_IMPORT_TOTAL = 1024 * 1024 * 1024;

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const WHAT = 'give a .safetensors file, a TF.js model.json with its .bin weights, a .keras or .onnx file, or a .zip holding one of them';

export type ImportChoice = { ok: true; source: ImportSource; transfer: ArrayBuffer[] } | { ok: false; message: string };

function own(data: Uint8Array): ArrayBuffer {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);
}

function unzip(name: string, bytes: Uint8Array): FileBytes[] {
  let total = 0;
  const entries = unzipSync(bytes, {
    filter: (f) => {
      if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/') || base(f.name).startsWith('.')) return false;
      total += f.originalSize;
      if (total > MAX_IMPORT_TOTAL) throw new Error(`"${name}" unpacks to more than ${MAX_IMPORT_TOTAL} bytes`);
      return true;
    },
  });
  return Object.entries(entries).map(([n, data]) => ({ name: n, bytes: own(data) }));
}

/** The text and label documents every export writes beside the weights (io/model-labels.ts): not weights, left out. */
const LABEL_FILES = new Set(['tokenizer.json', 'classes.json']);

/** Picks the weights out of `files` (already read into memory). */
export function chooseImport(given: FileBytes[]): ImportChoice {
  const files = given.length > 1 ? given.filter((f) => !LABEL_FILES.has(base(f.name))) : given;
  const names = files.map((f) => `"${f.name}"`).join(', ');
  if (files.length === 0) return { ok: false, message: 'No file was given.' };
  // A .keras file is a zip itself: it goes whole to the Keras importer.
  for (const kind of ['keras', 'onnx'] as const) {
    const own = files.filter((f) => f.name.toLowerCase().endsWith(`.${kind}`));
    if (own.length === 1 && files.length === 1) return { ok: true, source: { kind, file: own[0] }, transfer: [own[0].bytes] };
    if (own.length > 0) return { ok: false, message: `Several files with a .${kind} file (${names}): give the .${kind} file alone.` };
  }
  if (files.length === 1 && isZip(new Uint8Array(files[0].bytes, 0, Math.min(4, files[0].bytes.byteLength)))) {
    let inner: FileBytes[];
    try {
      inner = unzip(files[0].name, new Uint8Array(files[0].bytes));
    } catch (e) {
      return { ok: false, message: `"${files[0].name}" is not a readable zip archive (${(e as Error).message}).` };
    }
    const r = chooseImport(inner);
    return r.ok ? r : { ok: false, message: `In "${files[0].name}": ${r.message}` };
  }
  const jsons = files.filter((f) => /\.json$/i.test(f.name));
  const bins = files.filter((f) => /\.bin$/i.test(f.name));
  const st = files.filter((f) => /\.safetensors$/i.test(f.name));
  // A CLI run folder: spec.json (model.json in older runs) and log.json beside weights.safetensors, no .bin.
  if (jsons.length > 0 && (bins.length > 0 || st.length === 0)) {
    const model = jsons.find((f) => base(f.name) === 'model.json') ?? (jsons.length === 1 ? jsons[0] : null);
    if (!model) return { ok: false, message: `Several .json files (${names}): give one TF.js model.json with its .bin files.` };
    const chosen = [model, ...bins];
    return { ok: true, source: { kind: 'tfjs', files: chosen }, transfer: chosen.map((f) => f.bytes) };
  }
  // The PyTorch bundle holds weights.safetensors beside data.safetensors: the weights are meant.
  const one = st.length === 1 ? st[0] : st.find((f) => base(f.name) === 'weights.safetensors');
  if (one) return { ok: true, source: { kind: 'safetensors', file: one }, transfer: [one.bytes] };
  if (st.length > 1) return { ok: false, message: `Several .safetensors files (${names}): give one at a time.` };
  return { ok: false, message: `${names} ${files.length === 1 ? 'is' : 'are'} not a weights file: ${WHAT}.` };
}

/** Reads the files the user chose or dropped and picks the weights out of them. */
export async function readImportFiles(list: File[]): Promise<ImportChoice> {
  const total = list.reduce((a, f) => a + f.size, 0);
  if (total > MAX_IMPORT_TOTAL) return { ok: false, message: `The files hold ${total} bytes, more than the ${MAX_IMPORT_TOTAL}-byte limit.` };
  const files: FileBytes[] = [];
  for (const f of list) {
    try {
      files.push({ name: f.name, bytes: await f.arrayBuffer() });
    } catch {
      return { ok: false, message: `Could not read "${f.name}".` };
    }
  }
  return chooseImport(files);
}
