/** Tests for the word tokenizer and vocabulary. */
import { describe, it, expect } from 'vitest';
import { buildVocabulary, OOV_ID, PAD_ID, tokenize, Vocabulary } from '../../src/data/tokenizer';

describe('tokenize', () => {
  it('lowercases and splits on punctuation and whitespace', () => {
    expect(tokenize('Hello, World!  This\tis\na TEST.')).toEqual(['hello', 'world', 'this', 'is', 'a', 'test']);
    expect(tokenize('well-made, so-so;semi:colon(x)[y]{z}"q"')).toEqual(['well', 'made', 'so', 'so', 'semi', 'colon', 'x', 'y', 'z', 'q']);
    expect(tokenize('snake_case and 3.14 and 42nd')).toEqual(['snake', 'case', 'and', '3', '14', 'and', '42nd']);
  });

  it("keeps apostrophes inside words only", () => {
    expect(tokenize("Don't stop, it's the children's toy")).toEqual(["don't", 'stop', "it's", 'the', "children's", 'toy']);
    expect(tokenize("'quoted' words' 'n rock 'n' roll")).toEqual(['quoted', 'words', 'n', 'rock', 'n', 'roll']);
    expect(tokenize('Don\u2019t')).toEqual(["don't"]); // typographic apostrophe
    expect(tokenize("a''b")).toEqual(['a', 'b']);
  });

  it('handles empty and punctuation-only text and non-ASCII letters', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  ,.;!?  \n')).toEqual([]);
    expect(tokenize('Café ÜBER naïve')).toEqual(['café', 'über', 'naïve']);
  });
});

describe('Vocabulary', () => {
  it('reserves 0 = PAD and 1 = OOV and orders by frequency, ties alphabetically', () => {
    const v = buildVocabulary(['b a c', 'c b', 'd c', 'e'], 10);
    // c:3, b:2, then a, d, e (1 each) alphabetically
    expect(v.idToWord).toEqual(['<pad>', '<oov>', 'c', 'b', 'a', 'd', 'e']);
    expect(v.size).toBe(7);
    expect(v.wordToId.get('c')).toBe(2);
    expect(v.wordToId.has('<pad>')).toBe(false);
    expect(v.id('zzz')).toBe(OOV_ID);
    expect(PAD_ID).toBe(0);
  });

  it('keeps the top maxSize - 2 words (maxSize counts PAD and OOV)', () => {
    const v = buildVocabulary(['b a c', 'c b', 'd c', 'e'], 4);
    expect(v.idToWord).toEqual(['<pad>', '<oov>', 'c', 'b']);
    expect(buildVocabulary(['x y'], 2).size).toBe(2);
    expect(() => buildVocabulary(['x'], 1)).toThrow(/maxSize/);
  });

  it('is deterministic regardless of input order', () => {
    const texts = ['the cat sat', 'the dog sat', 'a bird', 'zebra apple', 'apple zebra mango'];
    const a = buildVocabulary(texts, 100);
    const b = buildVocabulary([...texts].reverse(), 100);
    expect(a.idToWord).toEqual(b.idToWord);
    expect(a.idToWord.slice(2, 6)).toEqual(['apple', 'sat', 'the', 'zebra']);
    // tokenized input gives the same vocabulary
    expect(buildVocabulary(texts.map((t) => t.split(' ')), 100).idToWord).toEqual(a.idToWord);
  });

  it('encode pads at the end and truncates the end', () => {
    const v = new Vocabulary(['good', 'movie', "don't"]);
    expect(Array.from(v.encode("Good movie, don't!", 5))).toEqual([2, 3, 4, 0, 0]);
    expect(Array.from(v.encode('good bad movie good movie', 3))).toEqual([2, 1, 3]);
    expect(Array.from(v.encode('', 2))).toEqual([0, 0]);
    expect(v.encode('good', 0).length).toBe(0);
    expect(() => v.encode('good', -1)).toThrow(/length/);
    expect(v.decode(v.encode('good unknown movie', 6))).toBe('good <oov> movie');
    expect(() => new Vocabulary(['a', 'a'])).toThrow(/duplicate/);
  });
});
