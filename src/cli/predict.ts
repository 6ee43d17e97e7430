/**
 * Predictions of a trained run for your rows, as CSV on stdout:
 *   npm run predict -- --run DIR --input FILE [--labels FILE] [--label-column C] [--text-column C]
 * FILE is a CSV of feature rows (header row), a CSV or .txt of texts for a text model, or IDX
 * images (inputs.ts). Classifiers print `prediction` (the class name) and one probability column
 * per class (`p_<class>`); regression models print `prediction` (one column per output).
 */
import { resolve } from 'node:path';
import { UsageError } from './args';
import { csvCell } from './predict-format';
import { parseCli, runMain } from './cli-main';
import { classNamesOf, readInputs } from './inputs';
import { fileList } from './run-data';
import { readRun, runData } from './run-dir';
import { argmaxRows, classProbabilities, predictRaw, withRunModel } from './run-model';
import { scaleDataset } from '../data/scaled-dataset';
import { isRegressionLoss } from '../engine/losses';

const HELP = `Predict with a trained run.

Usage: npm run predict -- --run DIR --input FILE [options]

Options:
  --run DIR          a run directory written by \`npm run train\`
  --input FILE       the rows to predict: a CSV with a header row (the run's feature columns by
                     name when it trained on a CSV, else every column but a label column), a CSV
                     with a text column or a .txt file of one text per line (text models), or IDX
                     images (raw or .gz; --labels FILE or a comma list adds their labels)
  --labels FILE      the labels file of an IDX pair (ignored for the predictions)
  --label-column C   a CSV column to leave out of the features (default label, class, target, y)
  --text-column C    the CSV's text column (default text)
  -h, --help         this text

Prints CSV to stdout: prediction,p_<class>,... for classifiers (probabilities of each class),
prediction (or prediction_<i> per output) for regression.
`;

async function main(argv: string[]): Promise<void> {
  const v = parseCli(argv, { run: { type: 'string' }, input: { type: 'string' }, labels: { type: 'string' }, 'label-column': { type: 'string' }, 'text-column': { type: 'string' } });
  if (v.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!v.run) throw new UsageError('missing --run DIR; run with --help');
  if (!v.input) throw new UsageError('missing --input FILE');
  const run = readRun(resolve(v.run));
  const { split, preprocessing } = await runData(run);
  const like = split.train;
  const runLabelColumn = run.log?.data?.kind === 'file' ? run.log.data.labelColumn : undefined;
  const { ds } = await readInputs(fileList(v.input, v.labels), like, { labelColumn: v['label-column'], runLabelColumn, textColumn: v['text-column'], needLabels: false, flag: '--input' });
  const outputs = await withRunModel(run, scaleDataset(ds, preprocessing), async (t) => {
    if (t.model.lossPlan.positions > 1) throw new UsageError(`the model predicts a class at each of ${t.model.lossPlan.positions} positions; predict prints one prediction per row`);
    return predictRaw(t, ds, preprocessing);
  });
  const lines: string[] = [];
  if (isRegressionLoss(run.model.spec.loss)) {
    const width = outputs.length / ds.n;
    lines.push(width === 1 ? 'prediction' : Array.from({ length: width }, (_, i) => `prediction_${i}`).join(','));
    for (let i = 0; i < ds.n; i++) lines.push(Array.from(outputs.subarray(i * width, (i + 1) * width), (x) => String(x)).join(','));
  } else {
    const { probs, classes } = classProbabilities(outputs, ds.n);
    const names = classNamesOf(like);
    const name = (c: number) => names[c] ?? String(c);
    const predicted = argmaxRows(probs, classes);
    lines.push(['prediction', ...Array.from({ length: classes }, (_, c) => csvCell(`p_${name(c)}`))].join(','));
    for (let i = 0; i < ds.n; i++) lines.push([csvCell(name(predicted[i])), ...Array.from(probs.subarray(i * classes, (i + 1) * classes), (p) => String(p))].join(','));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

runMain(main);
