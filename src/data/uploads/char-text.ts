/**
 * Plain text the user pastes or uploads for a character-level language model (preset 10b).
 *
 * On arrival (`corpusUpload`): decoded as UTF-8 (a file that is not UTF-8, or holds NUL bytes, is
 * refused as not text), a leading byte-order mark dropped, line ends normalised to "\n", and
 * refused when empty or longer than MAX_CORPUS_CHARS. It is kept as one string.
 *
 * When a model loads it (`corpusUploadSplits`, given the shape src/engine/data-input.ts reads from
 * the model): cut into next-character windows for that model by char-corpus.ts (train | validation
 * | test in order, 80/10/10). The model decides the shape: its int32 input [T] is the context, its
 * output [T, C] the vocabulary size C. Long texts take windows every `stride` characters so the
 * training part has at most MAX_CORPUS_WINDOWS windows.
 */
import type { DatasetSplits } from '../dataset';
import { charCorpus } from '../text/char-corpus';
import type { UploadData } from './types';

export type CorpusData = Extract<UploadData, { kind: 'corpus' }>;

/** Longest text kept (characters, i.e. code points). */
export const MAX_CORPUS_CHARS = 2_000_000;
/** Most training windows one corpus makes (each window of T ids costs 8·T bytes with its labels). */
export const MAX_CORPUS_WINDOWS = 60_000;
/** Held-out parts, in order after the training part (as char-corpus.ts cuts them). */
export const CORPUS_VALIDATION_FRACTION = 0.1;
export const CORPUS_TEST_FRACTION = 0.1;

/** Decodes and checks text for a corpus; `name` is how errors refer to it (a file name or "the pasted text"). */
export function corpusText(source: Uint8Array | string, name: string): string {
  let text: string;
  if (typeof source === 'string') text = source;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(source);
    } catch {
      throw new Error(`${name} is not UTF-8 text (is it a binary file?). Save it as plain UTF-8 text and try again.`);
    }
  }
  if (text.includes('\0')) throw new Error(`${name} holds NUL characters, so it is not plain text (is it a binary file?).`);
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new Error(`${name} is empty: paste or upload some text to train on.`);
  let count = 0;
  for (const _ of text) if (++count > MAX_CORPUS_CHARS) {
    throw new Error(`${name} has more than ${MAX_CORPUS_CHARS.toLocaleString('en-US')} characters, more than the playground keeps; use a shorter excerpt.`);
  }
  return text;
}

/** The upload's data: the checked text. */
export function corpusUpload(source: Uint8Array | string, name: string): CorpusData {
  return { kind: 'corpus', text: corpusText(source, name) };
}

/** Characters (code points) of a text. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Fewest characters a text needs so that each of its three parts holds one window of `context`. */
export function corpusMinimumChars(context: number): number {
  // floor(n * 0.1) >= context + 1 for the held-out parts; the training part is then larger.
  return Math.ceil((context + 1) / CORPUS_TEST_FRACTION);
}

/** What a corpus is cut for: the model's context length T and vocabulary size C (src/engine/data-input.ts reads them from a spec). */
export interface CorpusModelInput {
  readonly context: number;
  readonly vocabulary: number;
}

/** Why a text of `chars` characters is too short for a context of `context`, or null. */
export function corpusLengthProblem(chars: number, context: number, name: string): string | null {
  const minimum = corpusMinimumChars(context);
  return chars < minimum ? `${name} has ${chars} characters; a context of ${context} needs at least ${minimum} (${context + 1} in each held-out tenth). Paste a longer text.` : null;
}

/** Train, validation and test windows of `data` for a model of `input` (see the module comment). */
export function corpusUploadSplits(data: CorpusData, input: CorpusModelInput, name: string): DatasetSplits {
  const chars = charCount(data.text);
  const short = corpusLengthProblem(chars, input.context, name);
  if (short) throw new Error(short);
  const trainChars = chars - Math.floor(chars * CORPUS_VALIDATION_FRACTION) - Math.floor(chars * CORPUS_TEST_FRACTION);
  const stride = Math.max(1, Math.ceil((trainChars - input.context) / MAX_CORPUS_WINDOWS));
  const c = charCorpus(data.text, {
    context: input.context, capacity: input.vocabulary, name, stride,
    validationFraction: CORPUS_VALIDATION_FRACTION, testFraction: CORPUS_TEST_FRACTION,
  });
  return { train: c.train, validation: c.validation, test: c.test };
}
