/**
 * One attention head as a heat map on a canvas: rows are query tokens, columns key tokens, the
 * cell's darkness its weight (each row sums to 1; the scale runs from 0 to the head's largest
 * weight, or to twice the uniform weight 1/tk if that is larger). Token labels are drawn on both axes; the canvas's accessible name says what it shows
 * and which key each query attends to most.
 */
import { memo, useEffect, useRef } from 'react';

const LABEL_W = 64;
const LABEL_H = 64;
const MAX_MAP = 240;

interface Props {
  layer: string;
  head: number;
  tq: number;
  tk: number;
  /** [tq, tk] weights of this head. */
  weights: Float32Array;
  queryLabels: string[];
  keyLabels: string[];
  testId: string;
}

export const cellSize = (n: number): number => Math.max(4, Math.min(14, Math.floor(MAX_MAP / Math.max(1, n))));

/** The key each query gives most weight to, as "query→key" pairs (for the accessible description). */
export function strongestLinks(weights: Float32Array, tq: number, tk: number, q: string[], k: string[], max = 6): string {
  const out: string[] = [];
  for (let i = 0; i < Math.min(tq, max); i++) {
    let best = 0;
    for (let j = 1; j < tk; j++) if (weights[i * tk + j] > weights[i * tk + best]) best = j;
    out.push(`${q[i] ?? i}→${k[best] ?? best}`);
  }
  return out.join(', ');
}

function draw(ctx: CanvasRenderingContext2D, p: Props, cell: number): void {
  const { tq, tk, weights } = p;
  let hi = 0;
  for (let i = 0; i < tq * tk; i++) hi = Math.max(hi, weights[i]);
  // Uniform attention (1/tk everywhere) shows at half strength, not as the darkest colour.
  hi = Math.max(hi, 2 / Math.max(1, tk));
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  for (let i = 0; i < tq; i++) {
    for (let j = 0; j < tk; j++) {
      const v = hi > 0 ? weights[i * tk + j] / hi : 0;
      const shade = Math.round(250 - 215 * v);
      ctx.fillStyle = `rgb(${shade}, ${Math.round(252 - 160 * v)}, ${Math.round(255 - 40 * v)})`;
      ctx.fillRect(LABEL_W + j * cell, LABEL_H + i * cell, cell, cell);
    }
  }
  const font = Math.max(7, Math.min(11, cell));
  ctx.font = `${font}px sans-serif`;
  ctx.fillStyle = getComputedStyle(ctx.canvas).color || '#333';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'right';
  const every = Math.max(1, Math.ceil(font / cell));
  for (let i = 0; i < tq; i += every) ctx.fillText(clip(p.queryLabels[i] ?? String(i)), LABEL_W - 3, LABEL_H + (i + 0.5) * cell);
  ctx.save();
  ctx.textAlign = 'left';
  for (let j = 0; j < tk; j += every) {
    ctx.save();
    ctx.translate(LABEL_W + (j + 0.5) * cell, LABEL_H - 3);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(clip(p.keyLabels[j] ?? String(j)), 0, 0);
    ctx.restore();
  }
  ctx.restore();
}

const clip = (s: string): string => (s.length > 9 ? `${s.slice(0, 8)}…` : s);

export const AttentionHeatmap = memo(function AttentionHeatmap(p: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const cell = cellSize(Math.max(p.tq, p.tk));
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) draw(ctx, p, cell);
  }, [p, cell]);
  const label = `Layer ${p.layer}, head ${p.head + 1}: attention of ${p.tq} query tokens (rows) over ${p.tk} key tokens (columns). Strongest: ${strongestLinks(p.weights, p.tq, p.tk, p.queryLabels, p.keyLabels)}`;
  return (
    <figure className="attention-head">
      <canvas ref={ref} width={LABEL_W + p.tk * cell} height={LABEL_H + p.tq * cell} role="img" aria-label={label} data-testid={p.testId} />
      <figcaption className="muted small">head {p.head + 1}</figcaption>
    </figure>
  );
});
