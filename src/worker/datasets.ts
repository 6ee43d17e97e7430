/**
 * The worker's datasets: built-in ones from the registry (the last few by id and seed are kept)
 * and the user's uploads, handed over by the UI (`dataset-add`) or, after a reload, read from
 * IndexedDB, and dropped again when the user removes them (`dataset-remove`). Uploaded text is turned into features (a pasted corpus into windows) for the model that trains on it;
 * a numeric CSV upload brings the scaling its settings ask for (scaled-data.ts).
 */
import type { DatasetSplits } from '../data/dataset';
import { isDatasetId, loadDataset, type DatasetId } from '../data/registry';
import { corpusUploadSplits } from '../data/uploads/char-text';
import { textUploadSplits } from '../data/uploads/text-features';
import { corpusInputOf, textInputOf } from '../engine/data-input';
import { isUploadId, type UploadedDataset, type UploadId } from '../data/uploads/types';
import { UploadStore } from '../data/uploads/upload-store';
import type { ModelSpec } from '../engine/spec';
import type { Preprocessing, ScalingMode } from '../data/scaling';
import type { DatasetName } from './protocol';
import { preprocessingFor } from '../data/scaled-dataset';
import { isScalableUpload } from './scaled-data';
import { isRegressionLoss } from '../engine/losses';

/** The last few built-in datasets by (id, seed): rebuilding after an edit or switching presets reuses them. */
const CACHE_SIZE = 2;
const builtIns = new Map<string, Promise<DatasetSplits>>();

export function cachedDataset(id: DatasetId, seed: number): Promise<DatasetSplits> {
  const key = `${id}:${seed}`;
  let p = builtIns.get(key);
  if (p) builtIns.delete(key);
  else {
    p = loadDataset(id, { seed });
    p.catch(() => builtIns.delete(key));
  }
  builtIns.set(key, p);
  while (builtIns.size > CACHE_SIZE) builtIns.delete(builtIns.keys().next().value!);
  return p;
}

const uploads = new Map<UploadId, UploadedDataset>();

/** Keeps an upload the UI handed over (its buffers now belong to the worker). */
export function addUpload(u: UploadedDataset): void {
  if (!isUploadId(u.id)) throw new Error(`not an upload id: ${JSON.stringify(u.id)}`);
  uploads.set(u.id, u);
}

/** Forgets an upload (the user removed it): its rows are freed once no loaded model holds them. */
export function removeUpload(id: UploadId): void {
  uploads.delete(id);
}

/** An upload by id: handed over in this session, else read from the browser's storage. */
export async function getUpload(id: UploadId): Promise<UploadedDataset> {
  const have = uploads.get(id);
  if (have) return have;
  let stored: UploadedDataset | undefined;
  if (typeof indexedDB !== 'undefined') stored = await (await UploadStore.open()).get(id);
  if (!stored) throw new Error(`The uploaded dataset ${id} is not in this browser's storage any more; upload the files again or choose another dataset.`);
  uploads.set(id, stored);
  return stored;
}

/**
 * Train and test parts of a dataset, raw (uploaded text is featurized for the model `spec`), and
 * the scaling `mode` asks for: a numeric CSV upload's statistics from its train part (before
 * validation is carved); null for every other dataset (built-ins come scaled) and for 'none'.
 */
export async function datasetSplits(name: DatasetName, seed: number, spec: ModelSpec, mode: ScalingMode = 'none'): Promise<{ splits: DatasetSplits; preprocessing: Preprocessing | null }> {
  if (isDatasetId(name)) return { splits: await cachedDataset(name, seed), preprocessing: null };
  if (!isUploadId(name)) throw new Error(`unknown dataset "${String(name)}"`);
  const u = await getUpload(name);
  if (u.data.kind === 'tensor') {
    const preprocessing = isScalableUpload(u) ? preprocessingFor(mode, u.data.train, isRegressionLoss(spec.loss)) : null;
    return { splits: { train: u.data.train, test: u.data.test }, preprocessing };
  }
  if (u.data.kind === 'corpus') return { splits: corpusUploadSplits(u.data, corpusInputOf(spec), u.name), preprocessing: null };
  return { splits: textUploadSplits(u.data, textInputOf(spec), u.name), preprocessing: null };
}
