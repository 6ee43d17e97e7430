/**
 * Turns an export's files into one download: a single file as it is (model.onnx, the .keras
 * archive), several (TF.js model.json + .bin, safetensors + model.py, the PyTorch bundle) zipped
 * with fflate under a name that says what they are.
 */
import { zipSync, type Zippable } from 'fflate';
import type { ExportFormat } from '../../io/exporters';
import type { FileBytes } from '../../worker/protocol';

export interface Download {
  name: string;
  data: Uint8Array;
  mime: string;
}

/** A file-name-safe stem from a model name ("Spiral MLP" -> "spiral-mlp"). */
export function fileStem(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return s || 'model';
}

/** The downloaded file's name: a single file's own name, else `<model>-<format>.zip`. */
export function downloadName(files: readonly { name: string }[], stem: string, format: ExportFormat): string {
  if (files.length === 1) return files[0].name.slice(files[0].name.lastIndexOf('/') + 1);
  return `${fileStem(stem)}-${format}.zip`;
}

export function packageFiles(files: FileBytes[], stem: string, format: ExportFormat): Download {
  if (files.length === 0) throw new Error('the export produced no files');
  const name = downloadName(files, stem, format);
  if (files.length === 1) return { name, data: new Uint8Array(files[0].bytes), mime: 'application/octet-stream' };
  const tree: Zippable = {};
  // Text compresses; float weights and data barely do, so they are stored (a large bundle zips at copy speed).
  for (const f of files) tree[f.name] = [new Uint8Array(f.bytes), { level: /\.(py|json|md|txt)$/.test(f.name) ? 6 : 0 }];
  return { name, data: zipSync(tree), mime: 'application/zip' };
}

/** Asks the browser to save `d` (an anchor with a download name, clicked). */
export function saveDownload(d: Download): void {
  const url = URL.createObjectURL(new Blob([d.data as Uint8Array<ArrayBuffer>], { type: d.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = d.name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
