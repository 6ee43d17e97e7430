/**
 * The evaluation of a trained run: loss and accuracy with a confusion matrix for classifiers, MSE,
 * MAE and R² for regression:
 *   npm run evaluate -- --run DIR [--data FILE [--labels FILE]] [--label-column C] [--json]
 * Without --data it evaluates the run's own test set (rebuilt from log.json as training made it);
 * with --data, every row of the file (read as predict reads --input; labels required).
 */
import { resolve } from 'node:path';
import { UsageError } from './args';
import { parseCli, runMain } from './cli-main';
import { classNamesOf, readInputs } from './inputs';
import { fileList } from './run-data';
import { readRun, runData } from './run-dir';
import { evaluateRun, type Evaluation } from './run-model';
import { csvCell } from './predict-format';

const HELP = `Evaluate a trained run.

Usage: npm run evaluate -- --run DIR [--data FILE] [options]

Options:
  --run DIR          a run directory written by \`npm run train\`
  --data FILE        rows with labels (default: the run's own test set): a CSV with a header row
                     and a label column, a CSV of texts and labels (text models), or an IDX pair
                     (--data images.idx --labels labels.idx, or a comma list)
  --labels FILE      the labels file of an IDX pair
  --label-column C   the CSV's label column (default: the run's, else label, class, target or y)
  --text-column C    the CSV's text column (default text)
  --json             print the result as one JSON object instead of lines
  -h, --help         this text

Prints loss, accuracy and the confusion matrix (rows: true class, columns: predicted) for
classifiers; loss, mse, mae and r2 for regression.
`;

const f6 = (x: number) => x.toFixed(6);

export function evaluationText(e: Evaluation, names: readonly string[]): string {
  const lines = [`samples ${e.samples}`, `loss ${f6(e.loss)}`];
  if (e.accuracy !== undefined) lines.push(`accuracy ${f6(e.accuracy)}`);
  for (const k of ['mse', 'mae', 'r2'] as const) if (e[k] !== undefined) lines.push(`${k} ${f6(e[k])}`);
  if (e.confusion) {
    const name = (c: number) => csvCell(names[c] ?? String(c));
    lines.push('confusion matrix (rows: true class, columns: predicted class):');
    lines.push(['true\\predicted', ...e.confusion.map((_, c) => name(c))].join(','));
    e.confusion.forEach((row, c) => lines.push([name(c), ...row.map(String)].join(',')));
  }
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<void> {
  const v = parseCli(argv, { run: { type: 'string' }, data: { type: 'string' }, labels: { type: 'string' }, 'label-column': { type: 'string' }, 'text-column': { type: 'string' }, json: { type: 'boolean' } });
  if (v.help) {
    process.stdout.write(HELP);
    return;
  }
  if (!v.run) throw new UsageError('missing --run DIR; run with --help');
  if (v.labels !== undefined && v.data === undefined) throw new UsageError('--labels goes with --data (the images file of an IDX pair)');
  const run = readRun(resolve(v.run));
  const { split, raw, preprocessing } = await runData(run);
  const like = split.train;
  const runLabelColumn = run.log?.data?.kind === 'file' ? run.log.data.labelColumn : undefined;
  const ds = v.data === undefined ? raw.test : (await readInputs(fileList(v.data, v.labels), like, { labelColumn: v['label-column'], runLabelColumn, textColumn: v['text-column'], needLabels: true, flag: '--data' })).ds;
  const result = await evaluateRun(run, ds, preprocessing);
  process.stdout.write(v.json ? `${JSON.stringify(result)}\n` : evaluationText(result, classNamesOf(like)));
}

runMain(main);
