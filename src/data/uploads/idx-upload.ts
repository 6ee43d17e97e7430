/**
 * An uploaded pair of IDX files (images and labels, raw or .gz, in either order) as a dataset:
 * uint8 images [n, rows, cols] become values in [0, 1] of shape [rows, cols, 1]. Every check of
 * the project's IDX reader applies (magic number, truncation, trailing bytes, counts, label range);
 * the messages name the file. The counts of both headers are compared before either file's data
 * is read, and a pair of fewer than MIN_UPLOAD_ROWS images is refused. Every failure is an IdxError.
 */
import type { Dataset } from '../dataset';
import { datasetFromIdx, IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, IdxError, readIdx, type IdxArray, type IdxHeader } from '../idx';
import { tooFewRows } from './test-split';

export interface UploadFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface IdxUploadOptions {
  /** Class names in label order; labels must then be below their count. Default: "0", "1", ... up to the largest label. */
  readonly classNames?: readonly string[];
  readonly name?: string;
}

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/** Reads both files and tells the images (3 dimensions) from the labels (1 dimension). */
export async function readIdxPair(files: readonly UploadFile[]): Promise<{ images: IdxArray; labels: IdxArray }> {
  if (files.length !== 2) {
    throw new IdxError(`an IDX dataset is two files, images and labels (e.g. train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz); got ${files.length}`);
  }
  // Each file's header is checked against the other's before its data is decompressed or copied.
  const seen: IdxHeader[] = [];
  const compare = (h: IdxHeader): void => {
    seen.push(h);
    const im = seen.find((a) => a.magic === IDX_IMAGES_MAGIC);
    const lb = seen.find((a) => a.magic === IDX_LABELS_MAGIC);
    if (im && lb && im.dims[0] !== lb.dims[0]) throw new IdxError(`${lb.file}: ${lb.dims[0]} labels but ${im.dims[0]} images (in ${im.file}).`);
  };
  const parsed = await Promise.all(files.map((f) => readIdx(f.bytes, f.name, undefined, compare)));
  const images = parsed.find((a) => a.magic === IDX_IMAGES_MAGIC);
  const labels = parsed.find((a) => a.magic === IDX_LABELS_MAGIC);
  if (!images || !labels || images === labels) {
    const found = parsed.map((a) => `${a.file}: magic ${hex(a.magic)} (${a.dtype}, ${a.dims.length} dimension${a.dims.length === 1 ? '' : 's'})`).join('; ');
    throw new IdxError(
      `expected one image file (magic ${hex(IDX_IMAGES_MAGIC)}: uint8 [n, rows, cols]) and one label file (magic ${hex(IDX_LABELS_MAGIC)}: uint8 [n]); found ${found}`,
    );
  }
  return { images, labels };
}

/** The dataset of an uploaded IDX pair (all rows, in file order). */
export async function idxUploadDataset(files: readonly UploadFile[], opts: IdxUploadOptions = {}): Promise<Dataset> {
  const { images, labels } = await readIdxPair(files);
  const few = tooFewRows(images.dims[0], `${images.file} holds`, 'images');
  if (few) throw new IdxError(few);
  const name = opts.name ?? images.file.replace(/\.gz$/i, '');
  return datasetFromIdx(images, labels, name, opts.classNames);
}
