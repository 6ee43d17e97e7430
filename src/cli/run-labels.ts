/**
 * A run folder's text and label documents (io/model-labels.ts): `npm run train` writes
 * tokenizer.json (a text dataset: how raw text becomes the input row, with the class names) or
 * classes.json (another classifier's class names) beside spec.json, and `npm run export` reads them
 * back, checked, so every format it writes carries them. Runs written before them have neither and
 * export as they did.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset';
import type { ModelSpec } from '../engine/spec';
import { CLASSES_FILE, CLASSES_FORMAT, datasetLabels, runLabelFiles } from '../io/model-labels';
import { parseTokenizer, TOKENIZER_FILE, TokenizerError } from '../io/tokenizer-json';
import type { TrainedModel } from '../io/trained-model';
import { UsageError } from './args';
import { writeAtomic } from './checkpoint';
import { readJsonFile } from './cli-main';

type Labels = Pick<TrainedModel, 'tokenizer' | 'classNames'>;

/** Writes the dataset's documents into the run folder (and removes a stale one of the other kind); returns the labels. */
export function writeRunLabels(out: string, spec: ModelSpec, train: Dataset): Labels {
  const labels = datasetLabels(train, spec);
  const files = runLabelFiles({ spec, ...labels } as TrainedModel);
  for (const name of [TOKENIZER_FILE, CLASSES_FILE]) if (!files.some((f) => f.name === name)) rmSync(join(out, name), { force: true });
  for (const f of files) writeAtomic(join(out, f.name), f.data);
  return labels;
}

/** The run folder's tokenizer and class names, checked; {} when it has neither. */
export function readRunLabels(dir: string): Labels {
  const tokPath = join(dir, TOKENIZER_FILE);
  const classesPath = join(dir, CLASSES_FILE);
  try {
    if (existsSync(tokPath)) {
      const tokenizer = parseTokenizer(readJsonFile(tokPath), tokPath);
      return { tokenizer, classNames: tokenizer.class_names };
    }
    if (existsSync(classesPath)) {
      const doc = readJsonFile(classesPath) as { format?: unknown; class_names?: unknown };
      const names = doc?.class_names;
      if (doc?.format !== CLASSES_FORMAT || !Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
        throw new UsageError(`${classesPath} is not usable: it must be {"format": "${CLASSES_FORMAT}", "class_names": [strings]}`);
      }
      return { classNames: names as string[] };
    }
  } catch (e) {
    if (e instanceof TokenizerError) throw new UsageError(e.message);
    throw e;
  }
  return {};
}
