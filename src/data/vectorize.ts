/**
 * Bag-of-words vectors of texts over a fixed vocabulary: one float32 row per document, one column
 * per token id, so a vocabulary of size V gives V features. Column j counts token id j: column 0
 * (PAD) is always 0 and column 1 counts out-of-vocabulary words (see tokenizer.ts).
 *
 * Modes:
 * - 'count': raw term counts.
 * - 'binary': 1 if the id occurs in the document, else 0.
 * - 'tfidf': counts times smooth idf, idf(j) = ln((1 + n) / (1 + df(j))) + 1 with n the number of
 *   documents the vectorizer was fitted on and df(j) how many of them contain id j (scikit-learn's
 *   TfidfVectorizer defaults: smooth_idf, raw tf, no sublinear tf); each row is then scaled to unit
 *   L2 norm (an all-zero row stays zero).
 *
 * Arithmetic is float64 with the deterministic log of detmath.ts, rounded to float32 at the end,
 * so the vectors are bit-identical on every platform.
 */

import { dlog } from './detmath';
import { buildVocabulary, tokenize, type Vocabulary } from './tokenizer';

export type VectorMode = 'count' | 'binary' | 'tfidf';

/** A document: raw text (tokenized with tokenize()) or already-tokenized words. */
export type Doc = string | readonly string[];

function ids(doc: Doc, vocabulary: Vocabulary): Int32Array {
  return vocabulary.idsOf(typeof doc === 'string' ? tokenize(doc) : doc);
}

/** Smooth idf per column (length vocabulary.size) from the fitting documents. */
export function smoothIdf(docs: readonly Doc[], vocabulary: Vocabulary): Float64Array {
  const size = vocabulary.size;
  const df = new Float64Array(size);
  const seen = new Int32Array(size).fill(-1);
  docs.forEach((doc, d) => {
    for (const id of ids(doc, vocabulary)) {
      if (seen[id] !== d) {
        seen[id] = d;
        df[id]++;
      }
    }
  });
  const n = docs.length;
  const idf = new Float64Array(size);
  for (let j = 0; j < size; j++) idf[j] = dlog((1 + n) / (1 + df[j])) + 1;
  return idf;
}

export class Vectorizer {
  /**
   * @param idf per-column idf weights (length vocabulary.size); required for 'tfidf', ignored otherwise.
   * @param numFeatures columns per row, >= vocabulary.size (default); columns past the vocabulary
   * stay zero, so a corpus with fewer distinct words still gives the requested width.
   * Use fitVectorizer() to build one from texts.
   */
  constructor(
    readonly vocabulary: Vocabulary,
    readonly mode: VectorMode,
    readonly idf: Float64Array | null = null,
    readonly numFeatures: number = vocabulary.size,
  ) {
    if (mode === 'tfidf' && (idf === null || idf.length !== vocabulary.size)) {
      throw new Error('Vectorizer: tfidf mode needs idf weights with one entry per vocabulary id');
    }
    if (!Number.isInteger(numFeatures) || numFeatures < vocabulary.size) {
      throw new RangeError(`Vectorizer: numFeatures must be an integer >= the vocabulary size ${vocabulary.size}, got ${numFeatures}`);
    }
  }

  /** Row-major [docs.length, numFeatures] float32 vectors. */
  transform(docs: readonly Doc[]): Float32Array {
    const f = this.numFeatures;
    const out = new Float32Array(docs.length * f);
    const row = new Float64Array(f);
    docs.forEach((doc, d) => {
      row.fill(0);
      for (const id of ids(doc, this.vocabulary)) row[id] = this.mode === 'binary' ? 1 : row[id] + 1;
      row[0] = 0; // PAD never counts (it cannot come from text, but keep the invariant explicit)
      if (this.mode === 'tfidf') {
        const idf = this.idf!;
        let sq = 0;
        for (let j = 0; j < idf.length; j++) {
          if (row[j] !== 0) {
            row[j] *= idf[j];
            sq += row[j] * row[j];
          }
        }
        if (sq > 0) {
          const inv = 1 / Math.sqrt(sq);
          for (let j = 0; j < f; j++) row[j] *= inv;
        }
      }
      out.set(row, d * f);
    });
    return out;
  }
}

export interface FitVectorizerOptions {
  readonly mode: VectorMode;
  /**
   * Vocabulary size including PAD and OOV: the vocabulary is built with this maxSize (when
   * `vocabulary` is absent) and rows always have this many features (default vocabulary.size).
   */
  readonly vocabularySize?: number;
  /** A ready vocabulary (e.g. shared with an id dataset); otherwise built from `docs`. */
  readonly vocabulary?: Vocabulary;
}

/** Fits the vocabulary (unless given) and, for 'tfidf', the idf weights on `docs`. */
export function fitVectorizer(docs: readonly Doc[], opts: FitVectorizerOptions): Vectorizer {
  let vocabulary = opts.vocabulary;
  if (!vocabulary) {
    if (opts.vocabularySize === undefined) throw new Error('fitVectorizer: give a vocabulary or a vocabularySize');
    vocabulary = buildVocabulary(docs, opts.vocabularySize);
  }
  const width = Math.max(opts.vocabularySize ?? vocabulary.size, vocabulary.size);
  return new Vectorizer(vocabulary, opts.mode, opts.mode === 'tfidf' ? smoothIdf(docs, vocabulary) : null, width);
}
