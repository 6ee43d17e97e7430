/**
 * The tokenizer document every export of a text model carries (tokenizer.json beside the weights,
 * the safetensors `__metadata__` / ONNX metadata_props entry "tokenizer", TF.js
 * userDefinedMetadata.tokenizer, the .keras zip's tokenizer.json, the CLI run folder): everything
 * needed to turn raw text into the model's input row outside the playground, as plain JSON a few
 * lines of Python or JavaScript can follow (model.py's encode() does, text_helpers.py).
 *
 * Kinds (from the dataset: data/text/encode-text.ts, data/tokenizer.ts, data/vectorize.ts,
 * data/text/char-corpus.ts):
 * - 'words': token ids. Cut the text to `max_chars` UTF-16 code units, lowercase, apply
 *   `replace`, take every match of `pattern` (ECMAScript, flags "gu") or `pattern_python` (Python
 *   `re`, the same set of strings), map each word through `vocab` (an id-ordered list: id i is
 *   vocab[i]; ids 0 "<pad>" and 1 "<oov>" are reserved, unknown words get unk_id 1), keep the first
 *   `sequence_length` ids and pad at the end with pad_id 0.
 * - 'bag-of-words': the same words, as one row of `features.width` floats: column j counts id j
 *   (column 0 always 0); 'binary' 1/0 instead of counts; 'tfidf' counts times features.idf[j], the
 *   row then scaled to unit L2 norm (float64 arithmetic, float32 at the end).
 * - 'chars': a character language model: Unicode code points mapped through `vocab` (id 0 is the
 *   unknown character, no lowercasing); the model reads the last `sequence_length` ids, placed
 *   at the start of the window and padded with id 0, and its next-character distribution is the
 *   output row at the last character's position (truncation "start", output "next-char").
 * `class_names`: the classifier's labels by class id (output column), or null.
 *
 * The same module reads a document back (parseTokenizer): every field checked, with clear
 * messages, since a run folder's tokenizer.json is outside input.
 */
import type { Dataset } from '../data/dataset';
import { UNKNOWN_CHAR } from '../data/text/char-corpus';
import { MAX_TYPED_TEXT } from '../data/text/encode-text';
import { OOV_ID, PAD_ID } from '../data/tokenizer';

export const TOKENIZER_FORMAT = 'webgpu-playground-tokenizer';
/** File name beside the weights (and in a run folder). */
export const TOKENIZER_FILE = 'tokenizer.json';
/** Key of the same JSON in safetensors `__metadata__`, ONNX metadata_props and TF.js userDefinedMetadata. */
export const TOKENIZER_KEY = 'tokenizer';

/** data/tokenizer.ts's WORD_RE, as source text for JavaScript (flags "gu"). */
export const WORD_PATTERN = "[\\p{L}\\p{N}]+(?:'[\\p{L}\\p{N}]+)*";
/** The same rule for Python's `re` (no \p classes there): [^\W_] is a Unicode letter or digit. */
export const WORD_PATTERN_PYTHON = "[^\\W_]+(?:'[^\\W_]+)*";

export type TokenizerKind = 'words' | 'bag-of-words' | 'chars';

export interface TokenizerFeatures {
  mode: 'count' | 'binary' | 'tfidf';
  /** Floats per row (>= vocab.length; columns past the vocabulary stay 0). */
  width: number;
  /** Per id, length vocab.length ('tfidf' only). */
  idf: number[] | null;
  normalize: 'l2' | null;
}

export interface TokenizerDoc {
  format: typeof TOKENIZER_FORMAT;
  version: 1;
  kind: TokenizerKind;
  lowercase: boolean;
  /** [from, to] pairs applied in order after lowercasing (words only). */
  replace: [string, string][];
  pattern: string | null;
  pattern_python: string | null;
  /** UTF-16 code units of the text that are read (null: all). */
  max_chars: number | null;
  pad_id: number;
  unk_id: number;
  /** Ids per row (words, chars); null for bag-of-words. */
  sequence_length: number | null;
  padding: 'end';
  /** 'end': the first sequence_length tokens are kept; 'start': the last ones. */
  truncation: 'end' | 'start';
  vocab: string[];
  features: TokenizerFeatures | null;
  /** 'class': one prediction per text; 'next-char': the distribution after the text's last character. */
  output: 'class' | 'next-char';
  class_names: string[] | null;
}

export class TokenizerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenizerError';
  }
}

const width = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Is `ds` a character language-model corpus (char-corpus.ts: class names start with the unknown character)? */
function isCharCorpus(ds: Pick<Dataset, 'classNames' | 'inputDtype' | 'inputShape' | 'targetShape'>): boolean {
  return ds.inputDtype === 'int32' && ds.inputShape.length === 1 && ds.targetShape.length === 1 && ds.classNames?.[0] === UNKNOWN_CHAR;
}

/** The tokenizer of a text dataset, or null for a dataset whose rows do not come from text. */
export function tokenizerOf(ds: Pick<Dataset, 'textEncoding' | 'classNames' | 'inputDtype' | 'inputShape' | 'targetShape' | 'task'>): TokenizerDoc | null {
  const enc = ds.textEncoding;
  const classNames = ds.task === 'classification' && ds.classNames ? [...ds.classNames] : null;
  const words = {
    lowercase: true, replace: [['\u2019', "'"]] as [string, string][], pattern: WORD_PATTERN, pattern_python: WORD_PATTERN_PYTHON,
    max_chars: MAX_TYPED_TEXT, pad_id: PAD_ID, unk_id: OOV_ID, padding: 'end' as const, truncation: 'end' as const, output: 'class' as const,
  };
  const head = { format: TOKENIZER_FORMAT as typeof TOKENIZER_FORMAT, version: 1 as const };
  if (enc) {
    const vocab = [...enc.words];
    if (enc.mode === 'ids') return { ...head, kind: 'words', ...words, sequence_length: width(ds.inputShape), vocab, features: null, class_names: classNames };
    const features: TokenizerFeatures = {
      mode: enc.mode === 'bow' ? 'count' : enc.mode, width: width(ds.inputShape),
      idf: enc.mode === 'tfidf' && enc.idf ? Array.from(enc.idf) : null, normalize: enc.mode === 'tfidf' ? 'l2' : null,
    };
    return { ...head, kind: 'bag-of-words', ...words, sequence_length: null, vocab, features, class_names: classNames };
  }
  if (isCharCorpus(ds)) {
    // The class table holds '' for the ids past the characters the text had; they never match.
    const vocab = [...ds.classNames!];
    return {
      ...head, kind: 'chars', lowercase: false, replace: [], pattern: null, pattern_python: null, max_chars: null,
      pad_id: 0, unk_id: 0, sequence_length: ds.inputShape[0], padding: 'end', truncation: 'start', vocab, features: null, output: 'next-char', class_names: vocab,
    };
  }
  return null;
}

/** The document as one line of JSON (metadata string values). */
export function tokenizerJson(doc: TokenizerDoc): string {
  return JSON.stringify(doc);
}

/** Largest vocabulary and longest string a document may hold (a run folder's file is outside input). */
export const MAX_VOCAB = 1_000_000;
const MAX_STRING = 1000;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;
const show = (v: unknown) => (v === undefined ? 'missing' : JSON.stringify(v)?.slice(0, 60) ?? String(v));

function stringList(v: unknown, what: string, max: number, problems: string[]): string[] | null {
  if (!Array.isArray(v)) {
    problems.push(`${what} must be a list of strings, got ${show(v)}`);
    return null;
  }
  if (v.length > max) problems.push(`${what} has ${v.length} entries, more than ${max}`);
  const bad = v.findIndex((s) => typeof s !== 'string' || s.length > MAX_STRING);
  if (bad >= 0) problems.push(`${what}[${bad}] must be a string of at most ${MAX_STRING} characters, got ${show(v[bad])}`);
  return v as string[];
}

/** Checks an untrusted document (parsed JSON); throws TokenizerError listing every problem. */
export function parseTokenizer(v: unknown, where = 'the tokenizer'): TokenizerDoc {
  if (!isObj(v)) throw new TokenizerError(`${where} must be a JSON object`);
  const p: string[] = [];
  if (v.format !== TOKENIZER_FORMAT) p.push(`format must be "${TOKENIZER_FORMAT}", got ${show(v.format)}`);
  if (v.version !== 1) p.push(`version must be 1, got ${show(v.version)}`);
  const kind = v.kind;
  if (kind !== 'words' && kind !== 'bag-of-words' && kind !== 'chars') p.push(`kind must be "words", "bag-of-words" or "chars", got ${show(kind)}`);
  if (typeof v.lowercase !== 'boolean') p.push(`lowercase must be true or false, got ${show(v.lowercase)}`);
  if (!Array.isArray(v.replace) || !v.replace.every((r) => Array.isArray(r) && r.length === 2 && r.every((s) => typeof s === 'string' && s.length > 0 && s.length <= MAX_STRING))) {
    p.push(`replace must be a list of [from, to] string pairs, got ${show(v.replace)}`);
  }
  const wordsLike = kind === 'words' || kind === 'bag-of-words';
  for (const key of ['pattern', 'pattern_python'] as const) {
    const s = v[key];
    if (wordsLike ? typeof s !== 'string' || s.length === 0 || s.length > MAX_STRING : s !== null) p.push(`${key} must be ${wordsLike ? 'a regular expression' : 'null'} for kind ${show(kind)}, got ${show(s)}`);
  }
  if (wordsLike && typeof v.pattern === 'string') {
    try {
      new RegExp(v.pattern, 'gu');
    } catch {
      p.push(`pattern ${show(v.pattern)} is not a valid regular expression`);
    }
  }
  if (v.max_chars !== null && !isCount(v.max_chars, 1)) p.push(`max_chars must be a positive whole number or null, got ${show(v.max_chars)}`);
  const vocab = stringList(v.vocab, 'vocab', MAX_VOCAB, p);
  const n = vocab?.length ?? 0;
  for (const key of ['pad_id', 'unk_id'] as const) if (!isCount(v[key], 0) || (vocab && (v[key] as number) >= Math.max(n, 1))) p.push(`${key} must be a whole number below the vocabulary size ${n}, got ${show(v[key])}`);
  if (kind === 'bag-of-words' ? v.sequence_length !== null : !isCount(v.sequence_length, 1)) p.push(`sequence_length must be ${kind === 'bag-of-words' ? 'null' : 'a positive whole number'} for kind ${show(kind)}, got ${show(v.sequence_length)}`);
  if (v.padding !== 'end') p.push(`padding must be "end", got ${show(v.padding)}`);
  if (v.truncation !== 'end' && v.truncation !== 'start') p.push(`truncation must be "end" or "start", got ${show(v.truncation)}`);
  if (v.output !== (kind === 'chars' ? 'next-char' : 'class')) p.push(`output must be "${kind === 'chars' ? 'next-char' : 'class'}" for kind ${show(kind)}, got ${show(v.output)}`);
  if (kind === 'bag-of-words') checkFeatures(v.features, n, p);
  else if (v.features !== null) p.push(`features must be null for kind ${show(kind)}, got ${show(v.features)}`);
  if (v.class_names !== null) stringList(v.class_names, 'class_names', MAX_VOCAB, p);
  if (p.length) throw new TokenizerError(`${where} is not usable: ${p.join('; ')}`);
  return v as unknown as TokenizerDoc;
}

function checkFeatures(f: unknown, vocabSize: number, p: string[]): void {
  if (!isObj(f)) {
    p.push(`features must be {mode, width, idf, normalize} for kind "bag-of-words", got ${show(f)}`);
    return;
  }
  if (f.mode !== 'count' && f.mode !== 'binary' && f.mode !== 'tfidf') p.push(`features.mode must be "count", "binary" or "tfidf", got ${show(f.mode)}`);
  if (!isCount(f.width, Math.max(vocabSize, 1))) p.push(`features.width must be a whole number >= the vocabulary size ${vocabSize}, got ${show(f.width)}`);
  if (f.mode === 'tfidf') {
    if (!Array.isArray(f.idf) || f.idf.length !== vocabSize || !f.idf.every((x) => typeof x === 'number' && Number.isFinite(x))) p.push(`features.idf must be ${vocabSize} finite numbers (one per vocabulary id) for tfidf`);
    if (f.normalize !== 'l2') p.push(`features.normalize must be "l2" for tfidf, got ${show(f.normalize)}`);
  } else {
    if (f.idf !== null) p.push(`features.idf must be null for mode ${show(f.mode)}`);
    if (f.normalize !== null) p.push(`features.normalize must be null for mode ${show(f.mode)}`);
  }
}
