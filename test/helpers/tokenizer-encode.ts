/**
 * A tiny raw-text encoder written from the tokenizer document's fields alone (io/tokenizer-json.ts),
 * as a user outside the playground would write it (for TF.js, say): the tests compare its rows with
 * the playground's own encoding and feed them to exported models.
 */
import type { TokenizerDoc } from '../../src/io/tokenizer-json';

/** Raw text -> input row, following only the document's fields. */
export function encodeWith(doc: TokenizerDoc, text: string): number[] {
  const vocab = new Map<string, number>();
  doc.vocab.forEach((w, i) => {
    if (i !== doc.pad_id && i !== doc.unk_id && w !== '') vocab.set(w, i);
  });
  if (doc.kind === 'chars') {
    const ids = [...text].map((c) => vocab.get(c) ?? doc.unk_id).slice(-doc.sequence_length!);
    return [...ids, ...Array<number>(doc.sequence_length! - ids.length).fill(doc.pad_id)];
  }
  let t = doc.max_chars === null ? text : text.slice(0, doc.max_chars);
  if (doc.lowercase) t = t.toLowerCase();
  for (const [from, to] of doc.replace) t = t.split(from).join(to);
  const ids = (t.match(new RegExp(doc.pattern!, 'gu')) ?? []).map((w) => vocab.get(w) ?? doc.unk_id);
  if (doc.kind === 'words') {
    const L = doc.sequence_length!;
    const kept = ids.slice(0, L);
    return [...kept, ...Array<number>(L - kept.length).fill(doc.pad_id)];
  }
  const f = doc.features!;
  const row = new Float64Array(f.width);
  for (const id of ids) row[id] = f.mode === 'binary' ? 1 : row[id] + 1;
  row[doc.pad_id] = 0;
  if (f.idf) {
    let sq = 0;
    f.idf.forEach((w, j) => {
      row[j] *= w;
      sq += row[j] * row[j];
    });
    if (f.normalize === 'l2' && sq > 0) for (let j = 0; j < f.width; j++) row[j] /= Math.sqrt(sq);
  }
  return Array.from(Float32Array.from(row));
}

