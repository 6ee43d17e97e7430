/**
 * IDX file reader (the MNIST / Fashion-MNIST format), for raw or gzip-compressed bytes.
 *
 * Layout: a big-endian magic number 0x00 0x00 <type> <ndims>, then ndims big-endian u32
 * dimension sizes, then the values row-major, big-endian. Types: 0x08 uint8, 0x09 int8,
 * 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. The payload must be exactly
 * product(dims) values: truncated files and trailing bytes are both errors.
 *
 * Every failure is an IdxError whose message starts with the file's name.
 */

import type { Dataset } from './dataset';
import { gunzip, GunzipError, isGzip } from './gunzip';
import { formatBytes, MAX_UPLOAD_BYTES } from './limits';

export class IdxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxError';
  }
}

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** A parsed IDX file. For uint8 data `data` is a view into the (decompressed) input bytes. */
export interface IdxArray {
  /** The file name used in error messages. */
  readonly file: string;
  /** The full 32-bit magic number, e.g. 0x00000803 for uint8 data with 3 dimensions. */
  readonly magic: number;
  readonly typeCode: number;
  readonly dtype: IdxDtype;
  readonly dims: readonly number[];
  readonly data: IdxData;
}

/** What a caller requires of a file (checked on the magic number before anything else). */
export interface IdxExpectation {
  readonly typeCode: number;
  readonly ndims: number;
  /** What the file holds, for messages: "images", "labels". */
  readonly what: string;
  /** What one value is, for messages: "pixels", "labels". */
  readonly unit?: string;
}

interface TypeInfo { readonly dtype: IdxDtype; readonly size: number }

const TYPES: Readonly<Record<number, TypeInfo>> = {
  0x08: { dtype: 'uint8', size: 1 },
  0x09: { dtype: 'int8', size: 1 },
  0x0b: { dtype: 'int16', size: 2 },
  0x0c: { dtype: 'int32', size: 4 },
  0x0d: { dtype: 'float32', size: 4 },
  0x0e: { dtype: 'float64', size: 8 },
};

export const IDX_UBYTE = 0x08;
/** Magic number of an MNIST-style image file: uint8, 3 dimensions [n, rows, cols]. */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an MNIST-style label file: uint8, 1 dimension [n]. */
export const IDX_LABELS_MAGIC = 0x00000801;

const IMAGES: IdxExpectation = { typeCode: IDX_UBYTE, ndims: 3, what: 'images', unit: 'pixels' };
const LABELS: IdxExpectation = { typeCode: IDX_UBYTE, ndims: 1, what: 'labels', unit: 'labels' };

function hex8(v: number): string {
  return `0x${(v >>> 0).toString(16).padStart(8, '0')}`;
}

function hex2(v: number): string {
  return `0x${v.toString(16).padStart(2, '0')}`;
}

function describeType(typeCode: number, ndims: number): string {
  const t = TYPES[typeCode];
  return `${t ? t.dtype : `unknown type ${hex2(typeCode)}`} data with ${ndims} dimension${ndims === 1 ? '' : 's'}`;
}

function knownTypes(): string {
  return Object.entries(TYPES).map(([code, t]) => `${hex2(Number(code))} ${t.dtype}`).join(', ');
}

function toBytes(input: Uint8Array | ArrayBuffer): Uint8Array {
  return input instanceof Uint8Array ? input : new Uint8Array(input);
}

/** What an IDX header declares: type, dimensions and the payload size that must follow it. */
export interface IdxHeader {
  readonly file: string;
  readonly magic: number;
  readonly typeCode: number;
  readonly dtype: IdxDtype;
  readonly dims: readonly number[];
  /** Number of values: the product of dims. */
  readonly count: number;
  readonly headerBytes: number;
  /** Bytes of data the header declares (count x value size). */
  readonly dataBytes: number;
}

/**
 * Parses the header at the start of `bytes` (the whole file or only its first bytes), or returns
 * undefined when `bytes` is too short to hold it and `partial` is set. Throws IdxError for a
 * wrong magic number and for a declared size beyond MAX_UPLOAD_BYTES, before anything is allocated.
 */
export function parseIdxHeader(bytes: Uint8Array, file: string, expect?: IdxExpectation, partial = false): IdxHeader | undefined {
  const len = bytes.length;
  const expectedMagic = expect ? (expect.typeCode << 8) | expect.ndims : 0;
  const expectedText = expect ? `; expected ${hex8(expectedMagic)} for ${expect.what}` : '';
  if (len < 4) {
    if (partial) return undefined;
    throw new IdxError(`${file}: truncated: ${len === 0 ? 'the file is empty' : `${len} byte${len === 1 ? '' : 's'}`}, too short for the 4-byte IDX magic number`);
  }
  const magic = ((bytes[0] << 24) | (bytes[1] << 16) | (bytes[2] << 8) | bytes[3]) >>> 0;
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    let hint = 'an IDX file starts with two zero bytes';
    if (isGzip(bytes)) hint = 'the data is gzip-compressed; read it with readIdx, which decompresses it';
    else if (bytes[0] === 0x3c /* '<' */) hint = 'this looks like an HTML page, not an IDX file';
    throw new IdxError(`${file}: wrong magic number ${hex8(magic)}${expectedText} (${hint})`);
  }
  const typeCode = bytes[2];
  const ndims = bytes[3];
  if (expect && magic !== expectedMagic) {
    throw new IdxError(
      `${file}: wrong magic number ${hex8(magic)}${expectedText} (found ${describeType(typeCode, ndims)}; ` +
        `${expect.what} must be ${describeType(expect.typeCode, expect.ndims)})`,
    );
  }
  const type = TYPES[typeCode];
  if (!type) {
    throw new IdxError(`${file}: wrong magic number ${hex8(magic)}: unknown IDX data type ${hex2(typeCode)} (known: ${knownTypes()})`);
  }
  if (ndims === 0) throw new IdxError(`${file}: wrong magic number ${hex8(magic)}: the header declares 0 dimensions`);
  const headerBytes = 4 + 4 * ndims;
  if (len < headerBytes) {
    if (partial) return undefined;
    throw new IdxError(
      `${file}: truncated: the header declares ${ndims} dimension${ndims === 1 ? '' : 's'} and needs ${headerBytes} bytes but the file has ${len}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d; // a float64 product: exact up to 2^53, and past that far beyond the limit below anyway
  }
  const dataBytes = count * type.size;
  if (dataBytes > MAX_UPLOAD_BYTES) {
    throw new IdxError(
      `${file}: the header declares ${dims.join(' x ')} ${type.dtype} values (${dataBytes.toLocaleString('en-US')} bytes), ` +
        `more than the ${formatBytes(MAX_UPLOAD_BYTES)} the playground reads from one file.`,
    );
  }
  return { file, magic, typeCode, dtype: type.dtype, dims, count, headerBytes, dataBytes };
}

/**
 * Parses uncompressed IDX bytes. With `expect`, a different magic number is reported as
 * "wrong magic number ...; expected ... for <what>" before any other check.
 */
export function parseIdx(input: Uint8Array | ArrayBuffer, file: string, expect?: IdxExpectation): IdxArray {
  const bytes = toBytes(input);
  const h = parseIdxHeader(bytes, file, expect)!;
  const { dims, count, headerBytes, dataBytes: wantBytes } = h;
  const type = TYPES[h.typeCode];
  const payload = bytes.length - headerBytes;
  if (payload !== wantBytes) {
    const unit = expect?.unit ?? 'data';
    const says =
      type.size === 1
        ? `header says ${dims.join(' x ')} = ${count} bytes of ${unit}`
        : `header says ${dims.join(' x ')} = ${count} ${type.dtype} values (${wantBytes} bytes) of ${unit}`;
    const has = `the file has ${payload} after the ${headerBytes}-byte header`;
    if (payload < wantBytes) throw new IdxError(`${file}: truncated: ${says} but ${has}`);
    const extra = payload - wantBytes;
    throw new IdxError(`${file}: ${extra} unexpected trailing byte${extra === 1 ? '' : 's'}: ${says} but ${has}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { file, magic: h.magic, typeCode: h.typeCode, dtype: type.dtype, dims, data: decodeValues(bytes, view, headerBytes, count, type.dtype) };
}

function decodeValues(bytes: Uint8Array, view: DataView, offset: number, count: number, dtype: IdxDtype): IdxData {
  switch (dtype) {
    case 'uint8':
      return bytes.subarray(offset, offset + count);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/** Bytes a gzip file may decompress to beyond what its IDX header declares, so trailing bytes are reported as such. */
const GZIP_SLACK_BYTES = 64;

/**
 * Decompresses `input` if it is gzip (magic 1f 8b), then parses it as IDX. The output is capped:
 * once the header is in, at the size it declares (refused beyond MAX_UPLOAD_BYTES); before that,
 * at MAX_UPLOAD_BYTES. `onHeader` sees the header before the data is read (it may throw to stop).
 */
export async function readIdx(
  input: Uint8Array | ArrayBuffer,
  file: string,
  expect?: IdxExpectation,
  onHeader?: (h: IdxHeader) => void,
): Promise<IdxArray> {
  let bytes = toBytes(input);
  if (bytes.length > MAX_UPLOAD_BYTES) {
    throw new IdxError(`${file}: the file has ${bytes.length.toLocaleString('en-US')} bytes, more than the ${formatBytes(MAX_UPLOAD_BYTES)} the playground reads from one file.`);
  }
  if (isGzip(bytes)) {
    let header: IdxHeader | undefined;
    try {
      bytes = await gunzip(bytes, MAX_UPLOAD_BYTES, (head) => {
        header = parseIdxHeader(head, file, expect, true);
        if (!header) return undefined;
        onHeader?.(header);
        return header.headerBytes + header.dataBytes + GZIP_SLACK_BYTES;
      });
    } catch (e) {
      if (e instanceof IdxError) throw e;
      if (e instanceof GunzipError && e.tooLarge) {
        if (header) {
          throw new IdxError(
            `${file}: the header declares ${header.dims.join(' x ')} values (${header.headerBytes + header.dataBytes} bytes with the header) ` +
              `but the gzip data decompresses to more than ${e.limit} bytes: it is not a valid IDX file.`,
          );
        }
        throw new IdxError(`${file}: the gzip data decompresses to more than ${formatBytes(MAX_UPLOAD_BYTES)}, the most the playground reads from one file.`);
      }
      if (e instanceof GunzipError) throw new IdxError(`${file}: ${e.message}`);
      throw new IdxError(`${file}: corrupt or truncated gzip data (${e instanceof Error ? e.message : String(e)}).`);
    }
  } else if (onHeader) {
    onHeader(parseIdxHeader(bytes, file, expect)!);
  }
  return parseIdx(bytes, file, expect);
}

export type IdxInput = Uint8Array | ArrayBuffer | IdxArray;

export interface IdxImagesOptions {
  /** Name of the image file for messages; default `<name>-images`. */
  readonly imagesFile?: string;
  /** Name of the label file for messages; default `<name>-labels`. */
  readonly labelsFile?: string;
  /** Keep only the first `limit` images (default: all). */
  readonly limit?: number;
}

function isIdxArray(input: IdxInput): input is IdxArray {
  return !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer);
}

async function toIdx(input: IdxInput, file: string, expect: IdxExpectation): Promise<IdxArray> {
  if (!isIdxArray(input)) return readIdx(input, file, expect);
  const wanted = (expect.typeCode << 8) | expect.ndims;
  if (input.magic !== wanted) {
    throw new IdxError(`${input.file}: wrong magic number ${hex8(input.magic)}; expected ${hex8(wanted)} for ${expect.what}`);
  }
  return input;
}

// v / 255 for every byte value, so conversion is a table lookup with exact, platform-independent results.
const BYTE_TO_UNIT = new Float32Array(256);
for (let v = 0; v < 256; v++) BYTE_TO_UNIT[v] = v / 255;

/**
 * Builds a classification Dataset from an MNIST-style pair of IDX files (raw or gzip bytes, or
 * already-parsed arrays). Images must be uint8 [n, rows, cols]; they become Float32 values in
 * [0, 1] with inputShape [rows, cols, 1]. Labels must be uint8 [n]. numClasses is
 * classNames.length when given (labels must then be below it), else max label + 1.
 */
export async function idxImagesAndLabels(
  images: IdxInput,
  labels: IdxInput,
  name: string,
  classNames?: readonly string[],
  options: IdxImagesOptions = {},
): Promise<Dataset> {
  const imagesFile = options.imagesFile ?? `${name}-images`;
  const labelsFile = options.labelsFile ?? `${name}-labels`;
  const [img, lab] = await Promise.all([toIdx(images, imagesFile, IMAGES), toIdx(labels, labelsFile, LABELS)]);
  return datasetFromIdx(img, lab, name, classNames, options.limit);
}

/** The synchronous core of idxImagesAndLabels, for already-parsed arrays. */
export function datasetFromIdx(
  images: IdxArray,
  labels: IdxArray,
  name: string,
  classNames?: readonly string[],
  limit?: number,
): Dataset {
  if (images.magic !== IDX_IMAGES_MAGIC) {
    throw new IdxError(`${images.file}: wrong magic number ${hex8(images.magic)}; expected ${hex8(IDX_IMAGES_MAGIC)} for images`);
  }
  if (labels.magic !== IDX_LABELS_MAGIC) {
    throw new IdxError(`${labels.file}: wrong magic number ${hex8(labels.magic)}; expected ${hex8(IDX_LABELS_MAGIC)} for labels`);
  }
  const [count, rows, cols] = images.dims;
  if (count === 0) throw new IdxError(`${images.file}: no images (header says ${images.dims.join(' x ')})`);
  if (rows === 0 || cols === 0) throw new IdxError(`${images.file}: images of size ${rows}x${cols} have no pixels`);
  const labelCount = labels.dims[0];
  if (labelCount !== count) {
    throw new IdxError(`${labels.file}: ${labelCount} labels but ${count} images (in ${images.file})`);
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new RangeError(`${name}: limit must be a positive integer, got ${limit}`);
  }
  const n = limit === undefined ? count : Math.min(limit, count);

  const rawLabels = labels.data;
  let maxLabel = 0;
  for (let i = 0; i < count; i++) if (rawLabels[i] > maxLabel) maxLabel = rawLabels[i];
  const numClasses = classNames ? classNames.length : maxLabel + 1;
  if (maxLabel >= numClasses) {
    let at = 0;
    while (rawLabels[at] < numClasses) at++;
    throw new IdxError(
      `${labels.file}: label ${rawLabels[at]} at index ${at} is out of range: ${name} has ${numClasses} classes (0..${numClasses - 1})`,
    );
  }
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = rawLabels[i];

  const pixels = images.data;
  const size = n * rows * cols;
  const x = new Float32Array(size);
  for (let i = 0; i < size; i++) x[i] = BYTE_TO_UNIT[pixels[i]];

  return {
    name, task: 'classification', n, inputShape: [rows, cols, 1], inputDtype: 'float32', x, y,
    targetShape: [], numClasses,
    classNames: classNames ? [...classNames] : Array.from({ length: numClasses }, (_, c) => String(c)),
  };
}

/** "28x28x1" */
export function formatShape(shape: readonly number[]): string {
  return shape.join('x');
}

/**
 * For the upload UI: null when the dataset's samples have exactly the shape the model's input
 * expects, else a message like "images are 28x28x1 but the model's input expects 32x32x3".
 */
export function imageSizeFitError(dataset: Pick<Dataset, 'inputShape'>, inputShape: readonly number[]): string | null {
  const have = dataset.inputShape;
  if (have.length === inputShape.length && have.every((d, i) => d === inputShape[i])) return null;
  return `images are ${formatShape(have)} but the model's input expects ${formatShape(inputShape)}`;
}
