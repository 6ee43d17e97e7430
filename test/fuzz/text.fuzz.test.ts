/**
 * Fuzz: plain text for a character language model (src/data/uploads/char-text.ts corpusText /
 * corpusUpload), as bytes (a .txt file) and as a string (pasted). Inputs: valid UTF-8 text with
 * CRLF, lone CR, BOM, astral characters and combining marks, mutated byte by byte (broken UTF-8
 * sequences, NUL, surrogates encoded as bytes, truncation inside a character), and strings with
 * lone surrogates.
 * Contract: the kept text is non-blank, has no CR, NUL or leading BOM, at most MAX_CORPUS_CHARS
 * code points, and equals the input with line ends normalised; or the call throws its module's
 * error with a message.
 */
import { describe, expect, it } from 'vitest';
import * as charText from '../../src/data/uploads/char-text';
import { charCount, corpusUpload, MAX_CORPUS_CHARS } from '../../src/data/uploads/char-text';
import { applyByteEdits, byteEdits, fc, fuzz, throwsOwnError } from './harness';

const ERRORS = throwsOwnError(charText as unknown as Record<string, unknown>, 'CorpusError');

const SEEDS = [
  'To be, or not to be:\r\nthat is the question.\rWhether \u2019tis nobler\n',
  '\uFEFFcaf\u00e9 na\u0303ive \u{1F600} \u{10FFFF} \u0915\u094D\u0937 end',
  'a',
  '\n\n   \t x',
];
const enc = new TextEncoder();

const source: fc.Arbitrary<Uint8Array | string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...SEEDS), byteEdits(3)).map(([s, e]) => applyByteEdits(enc.encode(s), e)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom<Uint8Array | string>(...SEEDS, ...SEEDS.map((s) => enc.encode(s)), '', ' \r\n ', '\uD800x', Uint8Array.of(0xef, 0xbb, 0xbf), Uint8Array.of(0xed, 0xa0, 0x80)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 40 }) },
);

/** At and just past the limit (in code points, not UTF-16 units), as a string and as bytes. */
const atLimit: fc.Arbitrary<Uint8Array | string> = fc.constantFrom<Uint8Array | string>(
  'x'.repeat(MAX_CORPUS_CHARS),
  '\u{1F600}'.repeat(MAX_CORPUS_CHARS),
  'x'.repeat(MAX_CORPUS_CHARS + 1),
  enc.encode(`${'\u{1F600}'.repeat(MAX_CORPUS_CHARS)}y`),
  `${'\r\n'.repeat(MAX_CORPUS_CHARS)}z`,
);

const show = (s: Uint8Array | string) =>
  typeof s === 'string' ? `string ${JSON.stringify(s.slice(0, 200))} (${s.length} units)` : `bytes ${Array.from(s.subarray(0, 80), (b) => b.toString(16).padStart(2, '0')).join(' ')} (${s.length})`;

function checkCorpus({ kind, text }: { kind: string; text: string }, s: Uint8Array | string): void {
  expect(kind).toBe('corpus');
  expect(text.trim()).not.toBe('');
  expect(text.includes('\r') || text.includes('\0') || text.startsWith('\uFEFF')).toBe(false);
  expect(charCount(text)).toBeLessThanOrEqual(MAX_CORPUS_CHARS);
  const decoded = typeof s === 'string' ? s : new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(s);
  expect(text).toBe(decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
}

describe('fuzz: plain text', () => {
  it('corpusUpload: normalised non-blank text within the limit, or its error', () =>
    fuzz('text.corpus', source, (s) => corpusUpload(s, 'notes.txt'), { runs: 2000, errors: ERRORS, check: checkCorpus, show }));

  it('corpusUpload: the character limit counts code points', () =>
    fuzz('text.corpusLimit', atLimit, (s) => corpusUpload(s, 'notes.txt'), { runs: 5, errors: ERRORS, check: checkCorpus, show, bothOutcomes: false }));
});
