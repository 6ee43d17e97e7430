/**
 * The model summary (engine/summary.ts) as text in Keras's box layout (rich's HEAVY_HEAD box with a
 * line between rows, as keras.Model.summary(show_trainable=True) prints it), with two more columns
 * of this app: forward FLOPs and activation memory of one sample.
 */
import { groupDigits, paramTotalsLines, readableBytes, shortCount, type ModelSummary } from '../engine/summary';

type Align = 'left' | 'right' | 'center';

function pad(text: string, width: number, align: Align): string {
  const gap = width - text.length;
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(Math.ceil(gap / 2));
  return text + ' '.repeat(gap);
}

export function summaryTable(s: ModelSummary): string {
  const heads = ['Layer (type)', 'Output Shape', 'Param #', 'Trainable', 'FLOPs', 'Activations'];
  const aligns: Align[] = ['left', 'left', 'right', 'center', 'right', 'right'];
  const cells = s.rows.map((r) => [
    `${r.name} (${r.type})`,
    r.outputShape,
    groupDigits(r.params),
    r.params > 0 ? (r.trainable ? 'Y' : 'N') : '-',
    shortCount(r.flopsPerSample),
    r.activationBytes > 0 ? readableBytes(r.activationBytes) : '-',
  ]);
  const widths = heads.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c].length)));
  const rule = (l: string, fill: string, mid: string, r: string) => l + widths.map((w) => fill.repeat(w + 2)).join(mid) + r;
  const line = (row: string[], side: string) => side + row.map((t, c) => ` ${pad(t, widths[c], aligns[c])} `).join(side) + side;
  const body: string[] = [];
  cells.forEach((row, i) => {
    if (i > 0) body.push(rule('├', '─', '┼', '┤'));
    body.push(line(row, '│'));
  });
  return [
    `Model: "${s.name}"`,
    rule('┏', '━', '┳', '┓'),
    line(heads, '┃'),
    rule('┡', '━', '╇', '┩'),
    ...body,
    rule('└', '─', '┴', '┘'),
    ...paramTotalsLines(s).map((l) => ` ${l}`),
    ` Forward FLOPs per sample: ${groupDigits(s.flopsPerSample)} (${shortCount(s.flopsPerSample)})`,
    ` Activation memory per sample: ${readableBytes(s.activationBytes)}`,
    '',
  ].join('\n');
}
