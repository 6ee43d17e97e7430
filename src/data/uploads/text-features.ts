/**
 * Features of an uploaded text dataset for the model that trains on it, chosen by the model's
 * input: int32 [T] feeding an Embedding -> T token ids per text (vocabulary of the Embedding's
 * inputDim words fitted on the training texts, or the file's own ids when its texts are ids);
 * float32 [V] -> V tf-idf features (vocabulary and idf fitted on the training texts).
 */
import type { DatasetSplits } from '../dataset';
import { textDatasetSplits } from '../text/text-dataset';
import type { UploadData } from './types';

/** The model input the features are made for (src/engine/data-input.ts reads it from a spec). */
export interface TextModelInput {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  /** inputDim of the Embedding reading the input (token ids must be below it). */
  readonly vocabulary?: number;
}

type TextData = Extract<UploadData, { kind: 'text' }>;

/**
 * The ids of a text of integer token ids, padded with 0 or cut to `length`. Each word is checked
 * as a decimal number before it is converted, so an id of 2^32 + 1 is refused, not wrapped to 1.
 */
function idsOf(text: string, length: number, vocabulary: number, where: string): Int32Array {
  const out = new Int32Array(length);
  const words = text.trim().split(/\s+/).filter((w) => w !== '');
  for (let i = 0; i < Math.min(length, words.length); i++) {
    const w = words[i];
    const id = /^\d{1,15}$/.test(w) ? Number(w) : NaN;
    if (!(id < vocabulary)) {
      const what = Number.isNaN(id) && !/^\d+$/.test(w) ? `${JSON.stringify(w.slice(0, 40))} is not a token id (a whole number from 0)` : `token id ${w.slice(0, 40)} is beyond the vocabulary`;
      throw new Error(
        `${where}, position ${i + 1}: ${what}: the Embedding's inputDim is ${vocabulary} (ids 0..${vocabulary - 1}); raise inputDim to more than the largest id.`,
      );
    }
    out[i] = id;
  }
  return out;
}

function tokenIdRows(data: TextData, part: 'train' | 'test', length: number, vocabulary: number, name: string) {
  const rows = data[part];
  const x = new Int32Array(rows.texts.length * length);
  rows.texts.forEach((t, r) => x.set(idsOf(t, length, vocabulary, `${name}: ${part} row ${r + 1}`), r * length));
  return { name, task: 'classification' as const, n: rows.texts.length, inputShape: [length], inputDtype: 'int32' as const, x, y: rows.labels, targetShape: [], numClasses: data.classNames.length, classNames: data.classNames };
}

export function textUploadSplits(data: TextData, input: TextModelInput, name: string): DatasetSplits {
  const shape = `${input.dtype} [${input.shape.join(', ')}]`;
  if (input.shape.length !== 1) {
    throw new Error(`${name} is text: it feeds a 1-D input (int32 [length] token ids for an Embedding, or float32 [features] tf-idf), not ${shape}`);
  }
  const width = input.shape[0];
  const common = { name, classNames: data.classNames };
  if (input.dtype === 'int32') {
    if (input.vocabulary === undefined) throw new Error(`${name}: token ids need an Embedding right after the Input layer (it sets the vocabulary size)`);
    if (data.tokenIds) {
      return { train: tokenIdRows(data, 'train', width, input.vocabulary, name), test: tokenIdRows(data, 'test', width, input.vocabulary, name) };
    }
    return textDatasetSplits(data.train, data.test, { ...common, mode: 'ids', vocabularySize: input.vocabulary, length: width });
  }
  if (width < 2) throw new Error(`${name}: tf-idf features need an input of at least 2 values, the model's is ${shape}`);
  return textDatasetSplits(data.train, data.test, { ...common, mode: 'tfidf', vocabularySize: width });
}
