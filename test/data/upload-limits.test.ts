/**
 * Memory bombs in uploaded IDX files: gzip output is capped at what the header declares (and at
 * MAX_UPLOAD_BYTES), a header declaring more than the limit is refused before anything is
 * allocated, and an image/label count mismatch is caught from the two headers.
 */
import { describe, expect, it } from 'vitest';
import { gunzip, GunzipError } from '../../src/data/gunzip';
import { IdxError, parseIdxHeader, readIdx } from '../../src/data/idx';
import { MAX_UPLOAD_BYTES } from '../../src/data/limits';
import { idxUploadDataset } from '../../src/data/uploads/idx-upload';
import { gzip, idxFile } from '../helpers/idx-files';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** An IDX header for `dims` followed by `dataBytes` zero bytes (the payload may disagree with the header). */
function withZeros(dims: number[], dataBytes: number): Uint8Array<ArrayBuffer> {
  const header = idxFile(0x08, dims, []);
  const out = new Uint8Array(header.length + dataBytes);
  out.set(header);
  return out;
}

describe('gunzip cap', () => {
  it('stops as soon as the output passes maxBytes and names the cap', async () => {
    const bomb = await gzip(new Uint8Array(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100_000);
    const e = await rejection(gunzip(bomb, 4096));
    expect(e).toBeInstanceOf(GunzipError);
    expect((e as GunzipError).tooLarge).toBe(true);
    expect(e.message).toBe('the gzip data decompresses to more than 4 KB (4096 bytes), so reading stopped there.');
  });

  it('returns the whole output when it fits, and refuses corrupt data with a GunzipError', async () => {
    const data = Uint8Array.from({ length: 5000 }, (_, i) => i % 251);
    expect(Array.from(await gunzip(await gzip(data), 5000))).toEqual(Array.from(data));
    const cut = (await gzip(data)).slice(0, 20);
    const e = await rejection(gunzip(cut, 5000));
    expect(e).toBeInstanceOf(GunzipError);
    expect(e.message).toMatch(/^corrupt or truncated gzip data \(/);
  });
});

describe('IDX uploads under a cap', () => {
  it('refuses a gzip bomb whose header claims 10 images: the cap is what the header declares', async () => {
    const bomb = await gzip(withZeros([10, 28, 28], 20 * 1024 * 1024));
    const e = await rejection(readIdx(bomb, 'bomb-images.gz'));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toBe(
      'bomb-images.gz: the header declares 10 x 28 x 28 values (7856 bytes with the header) but the gzip data decompresses to more than 7920 bytes: it is not a valid IDX file.',
    );
  });

  it('refuses a header declaring 1e8 images before reading (or allocating) its data', async () => {
    const claim = withZeros([100_000_000, 28, 28], 100);
    const msg = 'huge-images: the header declares 100000000 x 28 x 28 uint8 values (78,400,000,000 bytes), more than the 512 MB the playground reads from one file.';
    expect(() => parseIdxHeader(claim, 'huge-images')).toThrow(msg);
    const raw = await rejection(readIdx(claim, 'huge-images'));
    expect(raw).toBeInstanceOf(IdxError);
    expect(raw.message).toBe(msg);
    const gz = await rejection(readIdx(await gzip(claim), 'huge-images'));
    expect(gz).toBeInstanceOf(IdxError);
    expect(gz.message).toBe(msg);
    // The limit is the exported constant: one byte over it is refused, exactly at it is not.
    expect(() => parseIdxHeader(withZeros([MAX_UPLOAD_BYTES + 1], 0), 'over')).toThrow(/more than the 512 MB/);
    expect(parseIdxHeader(withZeros([MAX_UPLOAD_BYTES], 0), 'at')!.dataBytes).toBe(MAX_UPLOAD_BYTES);
  });

  it('compares the image and label counts from the headers, before the data', async () => {
    const images = { name: 'i.gz', bytes: await gzip(withZeros([10, 28, 28], 7840)) };
    const labels = { name: 'l.gz', bytes: await gzip(withZeros([9], 9)) };
    const e = await rejection(idxUploadDataset([images, labels]));
    expect(e).toBeInstanceOf(IdxError);
    expect(e.message).toBe('l.gz: 9 labels but 10 images (in i.gz).');
  });

  it('still reads a valid gzip pair exactly', async () => {
    const ds = await idxUploadDataset([
      { name: 'i.gz', bytes: await gzip(idxFile(0x08, [2, 1, 2], [0, 255, 255, 0])) },
      { name: 'l.gz', bytes: await gzip(idxFile(0x08, [2], [1, 0])) },
    ]);
    expect(Array.from(ds.x)).toEqual([0, 1, 1, 0]);
    expect(Array.from(ds.y)).toEqual([1, 0]);
  });
});
