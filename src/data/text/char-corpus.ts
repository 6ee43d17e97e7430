/**
 * A character-level language-modelling corpus from one text: a character vocabulary, sliding
 * windows of next-character pairs, and contiguous held-out parts.
 *
 * Vocabulary: id 0 is the unknown character (shown as U+FFFD); ids 1..capacity-1 are the
 * `capacity - 1` most frequent characters (Unicode code points, so an emoji is one character) of
 * the text it is built from, most frequent first, ties by code point. `capacity` is the model's
 * vocabulary size (its Embedding inputDim and output units), so any text fits the same model:
 * rarer characters beyond it become unknown.
 *
 * Windows: x = ids[i .. i+T), y = ids[i+1 .. i+T+1) for every start i (stride 1 by default).
 * Split: the text is cut by characters into train | validation | test, in that order (the last
 * `testFraction` is the test part, the `validationFraction` before it validation). Windows never
 * cross a cut, and because neighbouring windows overlap almost entirely, held-out windows are
 * taken from held-out text instead of drawn at random (a random split would leak).
 */
import type { Dataset } from '../dataset';

export const UNKNOWN_CHAR_ID = 0;
/** How the unknown character prints (the Unicode replacement character). */
export const UNKNOWN_CHAR = '\uFFFD';

export class CharVocabulary {
  private readonly ids: ReadonlyMap<string, number>;

  /** @param chars the characters in id order from id 1 (id 0 is unknown); distinct, one code point each. */
  constructor(chars: readonly string[]) {
    const ids = new Map<string, number>();
    chars.forEach((c, i) => {
      if ([...c].length !== 1) throw new Error(`CharVocabulary: ${JSON.stringify(c)} is not one character`);
      if (ids.has(c)) throw new Error(`CharVocabulary: duplicate character ${JSON.stringify(c)}`);
      ids.set(c, i + 1);
    });
    this.ids = ids;
    this.chars = [UNKNOWN_CHAR, ...chars];
  }

  /** id -> character; chars[0] is UNKNOWN_CHAR. */
  readonly chars: readonly string[];

  /** Ids in use, unknown included. */
  get size(): number {
    return this.chars.length;
  }

  id(ch: string): number {
    return this.ids.get(ch) ?? UNKNOWN_CHAR_ID;
  }

  encode(text: string): Int32Array {
    const cps = [...text];
    const out = new Int32Array(cps.length);
    for (let i = 0; i < cps.length; i++) out[i] = this.id(cps[i]);
    return out;
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) s += this.chars[ids[i]] ?? UNKNOWN_CHAR;
    return s;
  }

  /** The vocabulary whose id -> character table is `chars` (as kept in a dataset's classNames). */
  static fromTable(chars: readonly string[]): CharVocabulary {
    if (chars[0] !== UNKNOWN_CHAR) throw new Error('a character table starts with the unknown character U+FFFD');
    return new CharVocabulary(chars.slice(1).filter((c) => c !== ''));
  }
}

/** The vocabulary of the `capacity - 1` most frequent characters of `text` (see the module comment). */
export function buildCharVocabulary(text: string, capacity: number): CharVocabulary {
  if (!Number.isInteger(capacity) || capacity < 2) throw new RangeError(`a character vocabulary needs room for at least 2 ids (unknown and one character), got ${capacity}`);
  const counts = new Map<string, number>();
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1);
  const chars = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || a.codePointAt(0)! - b.codePointAt(0)!);
  return new CharVocabulary(chars.slice(0, capacity - 1));
}

/** Next-character windows over `ids`: n = floor((len - T - 1) / stride) + 1 rows (0 when too short). */
export function charWindows(ids: Int32Array, context: number, stride = 1): { n: number; x: Int32Array; y: Int32Array } {
  const n = ids.length > context ? Math.floor((ids.length - context - 1) / stride) + 1 : 0;
  const x = new Int32Array(n * context);
  const y = new Int32Array(n * context);
  for (let r = 0; r < n; r++) {
    const i = r * stride;
    x.set(ids.subarray(i, i + context), r * context);
    y.set(ids.subarray(i + 1, i + context + 1), r * context);
  }
  return { n, x, y };
}

export interface CharCorpusOptions {
  /** Window length T (the model's input length). */
  readonly context: number;
  /** Vocabulary size including the unknown id (the model's Embedding inputDim and output units). */
  readonly capacity: number;
  readonly name: string;
  /** Default 0.1 each. */
  readonly validationFraction?: number;
  readonly testFraction?: number;
  /** Characters between window starts; default 1. */
  readonly stride?: number;
}

export interface CharCorpus {
  readonly vocabulary: CharVocabulary;
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly test: Dataset;
  /** The characters of each part (after the cut, before windowing). */
  readonly text: { readonly train: string; readonly validation: string; readonly test: string };
}

/** Splits, encodes and windows `text`; the vocabulary is built from the training part only. */
export function charCorpus(text: string, o: CharCorpusOptions): CharCorpus {
  const T = o.context;
  if (!Number.isInteger(T) || T < 1) throw new RangeError(`the context length must be a positive whole number, got ${T}`);
  const vf = o.validationFraction ?? 0.1;
  const tf = o.testFraction ?? 0.1;
  if (!(vf >= 0 && tf >= 0 && vf + tf < 1)) throw new RangeError(`held-out fractions must be >= 0 and leave some text to train on (validation ${vf}, test ${tf})`);
  const cps = [...text];
  const nTest = Math.floor(cps.length * tf);
  const nVal = Math.floor(cps.length * vf);
  const nTrain = cps.length - nVal - nTest;
  const parts = {
    train: cps.slice(0, nTrain).join(''),
    validation: cps.slice(nTrain, nTrain + nVal).join(''),
    test: cps.slice(nTrain + nVal).join(''),
  };
  const minimum = T + 1;
  if (nTrain < minimum) throw new Error(`the text has ${cps.length} characters: its training part (${nTrain}) needs at least ${minimum} for one window of ${T} (paste a longer text)`);
  for (const [part, fraction] of [['validation', vf], ['test', tf]] as const) {
    if (fraction > 0 && [...parts[part]].length < minimum) {
      throw new Error(`the text has ${cps.length} characters: its ${part} part (${[...parts[part]].length}) needs at least ${minimum} for one window of ${T} (paste a longer text)`);
    }
  }
  const vocabulary = buildCharVocabulary(parts.train, o.capacity);
  const classNames = [...vocabulary.chars, ...Array.from({ length: o.capacity - vocabulary.size }, () => '')];
  const make = (part: keyof typeof parts): Dataset => {
    const w = charWindows(vocabulary.encode(parts[part]), T, o.stride ?? 1);
    return {
      name: o.name, task: 'classification', n: w.n, inputShape: [T], inputDtype: 'int32', x: w.x, y: w.y,
      targetShape: [T], numClasses: o.capacity, classNames,
    };
  };
  return { vocabulary, train: make('train'), validation: make('validation'), test: make('test'), text: parts };
}

/** Entropy in nats of the character distribution of `ids` (the unigram baseline of a language model). */
export function unigramEntropy(ids: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) counts.set(ids[i], (counts.get(ids[i]) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / ids.length;
    h -= p * Math.log(p);
  }
  return h;
}
