/**
 * A small word tokenizer and vocabulary for text datasets.
 *
 * Tokenizing: the text is lowercased (String.prototype.toLowerCase, locale-independent) and split
 * into maximal runs of letters and digits (any script, Unicode properties L and N). Everything
 * else (whitespace, punctuation, symbols, underscores, hyphens) separates words. An apostrophe
 * (' or the typographic U+2019, which becomes ') is kept only *inside* a word, between letters or
 * digits: "Don't" -> "don't", "'quoted'" -> "quoted", "rock 'n' roll" -> "rock", "n", "roll".
 *
 * Vocabulary: ids 0 = PAD (padding) and 1 = OOV (out-of-vocabulary) are reserved; ids 2..size-1
 * are the `size - 2` most frequent words of the texts it was built from, most frequent first,
 * ties broken by plain code-unit string order (not locale order), so it is deterministic.
 * `size` counts the two reserved ids: every id is < size, which is the input dimension an
 * embedding layer needs.
 *
 * Encoding to a fixed length pads AT THE END with PAD (0) and truncates AT THE END (the first
 * `length` tokens are kept).
 */

export const PAD_ID = 0;
export const OOV_ID = 1;
export const PAD_TOKEN = '<pad>';
export const OOV_TOKEN = '<oov>';

const WORD_RE = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Lowercases and splits `text` into words (see the module comment for the exact rules). */
export function tokenize(text: string): string[] {
  return text.toLowerCase().replace(/\u2019/g, "'").match(WORD_RE) ?? [];
}

/** Compares strings by UTF-16 code units (deterministic, locale-independent). */
function codeUnitCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class Vocabulary {
  /** Word -> id, for the words only (ids 2..size-1); PAD and OOV are not keys. */
  readonly wordToId: ReadonlyMap<string, number>;
  /** id -> word; idToWord[0] = '<pad>', idToWord[1] = '<oov>'. length === size. */
  readonly idToWord: readonly string[];

  /** @param words the in-vocabulary words in id order (they get ids 2, 3, ...); must be distinct. */
  constructor(words: readonly string[]) {
    const map = new Map<string, number>();
    words.forEach((w, i) => {
      if (map.has(w)) throw new Error(`Vocabulary: duplicate word ${JSON.stringify(w)}`);
      map.set(w, i + 2);
    });
    this.wordToId = map;
    this.idToWord = [PAD_TOKEN, OOV_TOKEN, ...words];
  }

  /** Number of ids including PAD and OOV (= idToWord.length); every id is < size. */
  get size(): number {
    return this.idToWord.length;
  }

  /** The id of a (lowercased, tokenized) word, or OOV_ID. */
  id(word: string): number {
    return this.wordToId.get(word) ?? OOV_ID;
  }

  /** Ids of already-tokenized words, unpadded. */
  idsOf(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) out[i] = this.id(tokens[i]);
    return out;
  }

  /**
   * Token ids of `text` as exactly `length` ids: padded at the end with PAD (0) when shorter,
   * truncated at the end (the first `length` tokens kept) when longer. Unknown words -> OOV (1).
   */
  encode(text: string, length: number): Int32Array {
    return this.encodeTokens(tokenize(text), length);
  }

  /** Like encode() for already-tokenized words. */
  encodeTokens(tokens: readonly string[], length: number): Int32Array {
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`encode: length must be a non-negative integer, got ${length}`);
    const out = new Int32Array(length); // zero-filled = PAD
    const m = Math.min(length, tokens.length);
    for (let i = 0; i < m; i++) out[i] = this.id(tokens[i]);
    return out;
  }

  /** Words of the given ids joined by spaces, PAD ids dropped (for previews and debugging). */
  decode(ids: ArrayLike<number>): string {
    const words: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id === PAD_ID) continue;
      words.push(this.idToWord[id] ?? OOV_TOKEN);
    }
    return words.join(' ');
  }
}

/** Word counts over already-tokenized documents. */
export function countWords(docs: Iterable<readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs) for (const w of doc) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

/**
 * The vocabulary of the `maxSize - 2` most frequent words in `texts` (raw strings, tokenized
 * with tokenize(), or already-tokenized word arrays), ties broken alphabetically by code units.
 * `maxSize` (>= 2) includes PAD and OOV; the result is smaller when there are fewer words.
 */
export function buildVocabulary(texts: readonly (string | readonly string[])[], maxSize: number): Vocabulary {
  if (!Number.isInteger(maxSize) || maxSize < 2) {
    throw new RangeError(`buildVocabulary: maxSize must be an integer >= 2 (it includes the PAD and OOV ids), got ${maxSize}`);
  }
  const counts = countWords(texts.map((t) => (typeof t === 'string' ? tokenize(t) : t)));
  const words = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || codeUnitCompare(a, b));
  return new Vocabulary(words.slice(0, maxSize - 2));
}
