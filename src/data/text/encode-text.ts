/**
 * One typed text as one input row of a text dataset, exactly as its training texts were encoded
 * (same tokenizer, vocabulary and tf-idf weights): token ids padded/truncated to the row width, or
 * a bag-of-words row. Also lists the words with whether the vocabulary knows them, so the UI can
 * show which words the model cannot see. Decoding turns a token-id row back into words.
 */
import type { Dataset, TextEncoding } from '../dataset';
import { PAD_ID, tokenize, Vocabulary } from '../tokenizer';
import { Vectorizer } from '../vectorize';

export interface EncodedText {
  x: Float32Array | Int32Array;
  /** The text's words in order (the first `width` for token ids), each known to the vocabulary or not. */
  words: { word: string; known: boolean }[];
}

/** Most characters of a typed text that are encoded (a row holds far fewer words anyway). */
export const MAX_TYPED_TEXT = 10_000;

/** The input row of `text` for dataset `ds`, or a plain sentence saying why there is none. */
export function encodeText(ds: Pick<Dataset, 'textEncoding' | 'inputShape'>, text: string): EncodedText | string {
  const enc = ds.textEncoding;
  if (!enc) return 'This dataset is not text: type a sentence only for a text classifier.';
  if (typeof text !== 'string') return 'The text must be a string.';
  const tokens = tokenize(text.slice(0, MAX_TYPED_TEXT));
  if (tokens.length === 0) return 'Type a few words: this text has none.';
  const vocabulary = new Vocabulary(enc.words.slice(2));
  const width = ds.inputShape.reduce((a, b) => a * b, 1);
  const shown = enc.mode === 'ids' ? tokens.slice(0, width) : tokens;
  const words = shown.map((word) => ({ word, known: vocabulary.wordToId.has(word) }));
  if (enc.mode === 'ids') return { x: vocabulary.encodeTokens(tokens, width), words };
  const vectorizer = new Vectorizer(vocabulary, enc.mode === 'bow' ? 'count' : enc.mode, enc.idf, width);
  return { x: vectorizer.transform([tokens]), words };
}

/** A token-id row as text: its words up to the padding, unknown ids shown as <oov>. */
export function decodeIds(row: ArrayLike<number>, words: readonly string[]): string {
  // Padding sits at the end; a PAD in the middle stays visible.
  let end = row.length;
  while (end > 0 && row[end - 1] === PAD_ID) end--;
  const out: string[] = [];
  for (let i = 0; i < end; i++) out.push(words[row[i]] ?? `#${row[i]}`);
  return out.join(' ');
}

/** Words shown for a bag-of-words row: its strongest words first. */
const BOW_WORDS = 8;

/** A row of a text dataset in words: the text of token ids, or a bag-of-words row's strongest words. */
export function describeTextRow(row: ArrayLike<number>, enc: TextEncoding): string {
  if (enc.mode === 'ids') return decodeIds(row, enc.words);
  const ids: number[] = [];
  for (let j = 2; j < Math.min(row.length, enc.words.length); j++) if (row[j] > 0) ids.push(j);
  ids.sort((a, b) => row[b] - row[a] || a - b);
  const shown = ids.slice(0, BOW_WORDS).map((j) => enc.words[j]);
  const oov = row.length > 1 && row[1] > 0 ? ' (+ unknown words)' : '';
  const more = ids.length > BOW_WORDS ? ` … ${ids.length - BOW_WORDS} more` : '';
  return ids.length === 0 ? `(no known words)${oov}` : `${shown.join(' · ')}${more}${oov}`;
}
