/**
 * What a CSV's label column holds, read from its raw cells before the dataset is built: text or
 * a few distinct whole numbers are classes (classification); decimal numbers, or more distinct
 * values than 10% of the rows (and more than 20), are a measurement (regression). Says why, and
 * warns when the column, used as classes, would give many classes with few rows each (a decimal
 * target read as "214 classes", or a wrong column such as wine's proline read as "121 classes").
 */
import type { Task } from '../dataset';

/** Distinct values beyond this many are not tracked (the count reads "more than ..."). */
export const MAX_TRACKED_VALUES = 10_000;
/** A numeric column with more distinct values than this share of its rows is a measurement... */
export const REGRESSION_DISTINCT_FRACTION = 0.1;
/** ...when it also has more distinct values than this. */
export const REGRESSION_MIN_DISTINCT = 20;
/** Classes beyond this many are suspicious whatever the row count. */
export const MANY_CLASSES = 50;
/** Fewer rows per class than this (with more than FEW_ROWS_MIN_CLASSES classes) are suspicious. */
export const FEW_ROWS_PER_CLASS = 5;
export const FEW_ROWS_MIN_CLASSES = 10;

export interface TaskInference {
  readonly task: Task;
  /** Why, as a sentence: shown next to the task choice. */
  readonly reason: string;
  /** Distinct non-blank values (the classes, were it classification); capped at MAX_TRACKED_VALUES + 1. */
  readonly classes: number;
  /** Non-blank cells. */
  readonly rows: number;
  /** Shown when the column is used as classes (inferred or chosen): too many classes for the rows. */
  readonly classWarning: string | null;
}

const count = (n: number) => n.toLocaleString('en-US');
const quote = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);

/** The warning for using `classes` classes of a `rows`-row column named `column` as labels, or null. */
export function classCountWarning(column: string, classes: number, rows: number): string | null {
  if (classes < 2) return null;
  const perClass = rows / classes;
  if (classes <= MANY_CLASSES && !(classes > FEW_ROWS_MIN_CLASSES && perClass < FEW_ROWS_PER_CLASS)) return null;
  const each = perClass >= 10 ? String(Math.round(perClass)) : perClass.toFixed(1);
  const many = classes > MAX_TRACKED_VALUES ? `more than ${count(MAX_TRACKED_VALUES)} classes` : `${count(classes)} classes with ${each} rows each`;
  return `The label column "${column}" has ${many}; is it the right column? A column of measurements is a regression target.`;
}

/** Infers the task of the label column `column` from its raw cells (blank cells are ignored). */
export function inferTask(column: string, cells: Iterable<string>): TaskInference {
  const seen = new Set<string>();
  let rows = 0;
  let numeric = true;
  let integers = true;
  let text: string | null = null;
  let decimal: string | null = null;
  for (const raw of cells) {
    const s = raw.trim();
    if (s === '') continue;
    rows++;
    if (seen.size <= MAX_TRACKED_VALUES) seen.add(s);
    if (!numeric) continue;
    const v = Number(s);
    if (!Number.isFinite(v)) {
      numeric = false;
      text = s;
    } else if (integers && !Number.isInteger(v)) {
      integers = false;
      decimal = s;
    }
  }
  const classes = seen.size;
  const capped = classes > MAX_TRACKED_VALUES;
  const distinct = capped ? `more than ${count(MAX_TRACKED_VALUES)}` : count(classes);
  const asClasses = (reason: string): TaskInference => ({ task: 'classification', reason, classes, rows, classWarning: classCountWarning(column, classes, rows) });
  const asTarget = (reason: string): TaskInference => ({ task: 'regression', reason, classes, rows, classWarning: classCountWarning(column, classes, rows) });
  if (rows === 0) return asClasses(`The label column "${column}" is empty.`);
  if (classes === 1) {
    return { ...asClasses(`The label column "${column}" holds a single value (${quote([...seen][0])}).`), classWarning: `The label column "${column}" has a single value, so there is nothing to learn; choose another column.` };
  }
  if (!numeric) return asClasses(`The label column "${column}" holds text (e.g. ${quote(text!)}), so each of its ${distinct} distinct values is a class.`);
  if (!integers) return asTarget(`The label column "${column}" holds decimal numbers (e.g. ${decimal}), so it is a regression target.`);
  if (capped) return asTarget(`The label column "${column}" holds ${distinct} distinct whole numbers, so it is a regression target.`);
  if (classes > REGRESSION_MIN_DISTINCT && classes > rows * REGRESSION_DISTINCT_FRACTION) {
    return asTarget(`The label column "${column}" holds ${distinct} distinct whole numbers in ${count(rows)} rows (more than 10% of the rows), so it is a regression target.`);
  }
  const examples = [...seen].sort((a, b) => Number(a) - Number(b));
  const shown = examples.length <= 6 ? examples.join(', ') : `${examples.slice(0, 5).join(', ')}, …`;
  return asClasses(`The label column "${column}" holds ${count(classes)} distinct whole numbers (${shown}), so each is a class.`);
}
