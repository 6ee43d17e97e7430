/**
 * `npm run train -- --data FILE`: the user's own data, read like an upload in the app
 * (src/data/uploads). A CSV of (text, label) rows is split (10% held out, seeded, file order kept)
 * and turned into the features the preset's model reads (token ids for an Embedding input, tf-idf
 * for a Dense input). A .txt file is plain text for a character language model: cut in order into
 * train / validation / test windows of the model's context (char-text.ts).
 * Every problem with the file (missing, empty, no label column, ...) is a UsageError: one line, exit 2.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DatasetSplits } from '../data/dataset';
import { corpusUpload, corpusUploadSplits } from '../data/uploads/char-text';
import { corpusInputOf, textInputOf } from '../engine/data-input';
import { textCsvUpload } from '../data/uploads/text-csv';
import { textUploadSplits } from '../data/uploads/text-features';
import type { ModelSpec } from '../engine/spec';
import { UsageError } from './args';

export function readTextData(file: string, spec: ModelSpec, columns: { textColumn?: string; labelColumn?: string }): DatasetSplits {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new UsageError(`--data: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const name = basename(file);
    if (/\.txt$/i.test(file)) return corpusUploadSplits(corpusUpload(bytes, name), corpusInputOf(spec), name);
    const text = new TextDecoder().decode(bytes);
    const opts = { ...(columns.textColumn ? { textColumn: columns.textColumn } : {}), ...(columns.labelColumn ? { labelColumn: columns.labelColumn } : {}) };
    return textUploadSplits(textCsvUpload(text, opts), textInputOf(spec), basename(file));
  } catch (e) {
    throw new UsageError(`--data ${file}: ${(e as Error).message}`);
  }
}
