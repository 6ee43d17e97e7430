/**
 * Plain text for the character language model (pasted or a .txt upload): the checks on arrival,
 * the windows cut for the model's context and vocabulary, the stride that caps long texts, and the
 * UI's fit check, which must refuse what the worker would refuse, with the same reasons.
 */
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../helpers/error-message';
import { CharVocabulary } from '../../../src/data/text/char-corpus';
import {
  corpusMinimumChars, corpusText, corpusUpload, corpusUploadSplits, MAX_CORPUS_CHARS, MAX_CORPUS_WINDOWS,
} from '../../../src/data/uploads/char-text';
import { uploadMeta } from '../../../src/data/uploads/types';
import { corpusInputOf } from '../../../src/engine/data-input';
import { analyzeModel } from '../../../src/engine/graph';
import { findPreset } from '../../../src/presets/presets';
import { datasetInfo } from '../../../src/ui/model/dataset-info';
import { datasetFitProblem } from '../../../src/ui/model/fit';

const spec = (id: string) => findPreset(id)!.spec;
const STORY = Array.from({ length: 60 }, (_, i) => `Line ${i}: the quick brown fox jumps over the lazy dog, ça va? ${'é'.repeat(i % 3)}`).join('\n');

describe('corpusText', () => {
  it('decodes UTF-8, drops a byte-order mark and normalises line ends', () => {
    const bytes = new TextEncoder().encode('\uFEFFone\r\ntwo\rthree\n🙂');
    expect(corpusText(bytes, '"a.txt"')).toBe('one\ntwo\nthree\n🙂');
  });

  it('refuses bytes that are not UTF-8, NUL characters, empty text and more than the maximum', () => {
    expect(errorOf(() => corpusText(Uint8Array.of(0x66, 0xff, 0xfe, 0x66), '"img.txt"'))).toBe('"img.txt" is not UTF-8 text (is it a binary file?). Save it as plain UTF-8 text and try again.');
    expect(errorOf(() => corpusText(Uint8Array.of(0x61, 0x00, 0x62), '"x.txt"'))).toMatch(/^"x.txt" holds NUL characters/);
    expect(errorOf(() => corpusText(' \n\t ', 'The pasted text'))).toBe('The pasted text is empty: paste or upload some text to train on.');
    expect(errorOf(() => corpusText('a'.repeat(MAX_CORPUS_CHARS + 1), 'The pasted text'))).toMatch(/more than 2,000,000 characters/);
    // Exactly the maximum is kept; an emoji counts as one character.
    expect(corpusText('🙂'.repeat(10) + 'a'.repeat(MAX_CORPUS_CHARS - 10), 't').length).toBe(MAX_CORPUS_CHARS + 10);
  });
});

describe('corpusUploadSplits for the char-lm preset', () => {
  const input = corpusInputOf(spec('char-lm'));

  it('reads the context and vocabulary from the model', () => {
    expect(input).toEqual({ context: 64, vocabulary: 96 });
  });

  it('cuts train | validation | test in order into next-character windows over the model vocabulary', () => {
    const s = corpusUploadSplits(corpusUpload(STORY, 't'), input, 'story.txt');
    const chars = [...STORY];
    const n = chars.length;
    const nTest = Math.floor(n * 0.1);
    const nVal = Math.floor(n * 0.1);
    const nTrain = n - nTest - nVal;
    expect(s.train.n).toBe(nTrain - 64);
    expect(s.validation!.n).toBe(nVal - 64);
    expect(s.test.n).toBe(nTest - 64);
    for (const d of [s.train, s.validation!, s.test]) {
      expect(d.inputShape).toEqual([64]);
      expect(d.targetShape).toEqual([64]);
      expect(d.numClasses).toBe(96);
      expect(d.classNames).toHaveLength(96);
    }
    const vocab = CharVocabulary.fromTable(s.train.classNames!);
    // Window r of the training part is the text from r; its labels are the same text shifted by one.
    const r = 17;
    expect(vocab.decode(s.train.x.subarray(r * 64, (r + 1) * 64))).toBe(chars.slice(r, r + 64).join(''));
    expect(vocab.decode(s.train.y.subarray(r * 64, (r + 1) * 64))).toBe(chars.slice(r + 1, r + 65).join(''));
    // The last test window ends at the end of the text.
    const last = s.test.n - 1;
    expect(vocab.decode(s.test.y.subarray(last * 64, (last + 1) * 64))).toBe(chars.slice(n - 64).join(''));
  });

  it('takes windows every few characters in a long text so the training part stays under the cap', () => {
    const long = 'abcdefghij '.repeat(Math.ceil((MAX_CORPUS_WINDOWS * 3) / 11));
    const s = corpusUploadSplits(corpusUpload(long, 't'), input, 'long.txt');
    expect(s.train.n).toBeLessThanOrEqual(MAX_CORPUS_WINDOWS);
    expect(s.train.n).toBeGreaterThan(MAX_CORPUS_WINDOWS * 0.6);
    const vocab = CharVocabulary.fromTable(s.train.classNames!);
    // 3 x the cap of training characters: every third start.
    expect(vocab.decode(s.train.x.subarray(64, 128))).toBe([...long].slice(3, 67).join(''));
    expect(vocab.decode(s.train.x.subarray(128, 192))).toBe([...long].slice(6, 70).join(''));
  });

  it('refuses a text too short for the context, saying how much is needed', () => {
    const need = corpusMinimumChars(64);
    expect(need).toBe(650);
    expect(errorOf(() => corpusUploadSplits(corpusUpload('x'.repeat(need - 1), 't'), input, 'short.txt'))).toBe(
      'short.txt has 649 characters; a context of 64 needs at least 650 (65 in each held-out tenth). Paste a longer text.',
    );
    expect(corpusUploadSplits(corpusUpload('xy'.repeat(need / 2), 't'), input, 'ok.txt').test.n).toBe(1);
  });

  it('refuses models that are not character language models', () => {
    expect(errorOf(() => corpusInputOf(spec('mlp-100')))).toMatch(/input must be int32 \[context\] character ids, but input "input" is float32 \[100\]/);
    expect(errorOf(() => corpusInputOf(spec('transformer-sentiment')))).toMatch(/output "dense" must predict a character at each of the \d+ positions/);
  });
});

describe('a corpus upload in the UI', () => {
  const upload = { id: 'upload:story' as const, name: 'story.txt', format: 'corpus' as const, data: corpusUpload(STORY, 't') };
  const meta = uploadMeta(upload);

  it('lists its length and parts in characters', () => {
    const n = [...STORY].length;
    expect(meta).toMatchObject({ kind: 'chars', task: 'classification', inputShape: null, characters: n, testRows: Math.floor(n * 0.1) });
    expect(meta.description).toMatch(new RegExp(`^${n.toLocaleString('en-US')} characters of text`));
  });

  it('fits the char-lm preset and explains why other models do not fit', () => {
    const info = datasetInfo(upload.id, [meta]);
    const fit = (id: string) => datasetFitProblem(analyzeModel(spec(id)).graph!, info);
    expect(fit('char-lm')).toBeNull();
    expect(fit('mlp-100')).toMatch(/^story.txt: a text corpus trains a character language model: its input must be int32 \[context\] character ids, but input "input" is float32 \[100\]\.$/);
    expect(fit('transformer-sentiment')).toMatch(/output "dense" must predict a character at each of the \d+ positions/);
    const short = { ...upload, data: corpusUpload('a b c '.repeat(50), 't') };
    const shortInfo = datasetInfo(short.id, [uploadMeta(short)]);
    expect(datasetFitProblem(analyzeModel(spec('char-lm')).graph!, shortInfo)).toBe(
      'story.txt has 300 characters; a context of 64 needs at least 650 (65 in each held-out tenth). Paste a longer text.',
    );
  });
});
