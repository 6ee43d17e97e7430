/**
 * Prints the row indices the app holds out as the test set of an uploaded file of N data rows
 * (src/data/uploads/test-split.ts splitRows, the app's fixed seed), as JSON: {"train": [...],
 * "test": [...]}. Used by make-real-fixtures.py to score reference models on the app's own split.
 * Usage: npx tsx scripts/upload-split.ts N
 */
import { splitRows } from '../src/data/uploads/test-split';

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 2) {
  console.error('usage: npx tsx scripts/upload-split.ts N (an integer of at least 2)');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(splitRows(n))}\n`);
