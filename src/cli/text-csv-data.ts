/**
 * `npm run train -- --data FILE.csv`: the user's own (text, label) rows, parsed and split like an
 * upload in the app (src/data/uploads: 10% held out, seeded, file order kept) and turned into the
 * features the preset's model reads (token ids for an Embedding input, tf-idf for a Dense input).
 * Every problem with the file (missing, empty, no label column, ...) is a UsageError: one line, exit 2.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DatasetSplits } from '../data/dataset';
import { textCsvUpload } from '../data/uploads/text-csv';
import { textInputOf, textUploadSplits } from '../data/uploads/text-features';
import type { ModelSpec } from '../engine/spec';
import { UsageError } from './args';

export function readTextCsv(file: string, spec: ModelSpec, columns: { textColumn?: string; labelColumn?: string }): DatasetSplits {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--data: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const opts = { ...(columns.textColumn ? { textColumn: columns.textColumn } : {}), ...(columns.labelColumn ? { labelColumn: columns.labelColumn } : {}) };
    return textUploadSplits(textCsvUpload(text, opts), textInputOf(spec), basename(file));
  } catch (e) {
    throw new UsageError(`--data ${file}: ${(e as Error).message}`);
  }
}
