/**
 * Heat map of the model over the 2D input plane (from the worker's prediction grid): class
 * colours weighted by probability for classifiers, a diverging scale for regression, with a
 * sample of training points on top. Redrawn whenever a new grid arrives (every epoch or so).
 */
import { useEffect, useRef } from 'react';
import type { BoundaryReport } from '../../../worker/protocol';
import { CLASS_RGB, diverging, rgb } from './colors';

const SIZE = 260;

export function DecisionBoundary({ grid }: { grid: BoundaryReport }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    draw(ctx, grid);
  }, [grid]);
  const label =
    grid.task === 'classification'
      ? `Decision boundary of the model after ${grid.epoch} epochs, with ${grid.points.length} training points`
      : `Predicted value over the input plane after ${grid.epoch} epochs, with ${grid.points.length} training points`;
  return (
    <figure className="boundary" data-testid="decision-boundary" data-epoch={grid.epoch}>
      <canvas ref={ref} width={SIZE} height={SIZE} role="img" aria-label={label} />
      <figcaption className="muted small">
        {grid.task === 'classification' ? 'Decision boundary' : 'Prediction surface'} · epoch {grid.epoch}
      </figcaption>
    </figure>
  );
}

function draw(ctx: CanvasRenderingContext2D, g: BoundaryReport): void {
  const R = g.resolution;
  const C = g.outputCount;
  const img = new ImageData(R, R);
  let lo = Infinity;
  let hi = -Infinity;
  if (g.task !== 'classification') {
    for (let i = 0; i < R * R; i++) {
      lo = Math.min(lo, g.outputs[i * C]);
      hi = Math.max(hi, g.outputs[i * C]);
    }
    for (const p of g.points) {
      lo = Math.min(lo, p.label);
      hi = Math.max(hi, p.label);
    }
  }
  const span = hi - lo || 1;
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < R; c++) {
      const i = r * R + c;
      let color: [number, number, number];
      let alpha: number;
      if (g.task === 'classification') {
        const probs = C === 1 ? [1 - g.outputs[i], g.outputs[i]] : Array.from(g.outputs.subarray(i * C, i * C + C));
        const k = probs.length;
        color = [0, 0, 0];
        let max = 0;
        probs.forEach((p, j) => {
          const cc = CLASS_RGB[j % CLASS_RGB.length];
          for (let t = 0; t < 3; t++) color[t] += p * cc[t];
          max = Math.max(max, p);
        });
        alpha = 0.2 + 0.6 * Math.max(0, (max - 1 / k) / (1 - 1 / k));
      } else {
        color = diverging((g.outputs[i * C] - lo) / span);
        alpha = 0.85;
      }
      const o = ((R - 1 - r) * R + c) * 4;
      img.data[o] = color[0];
      img.data[o + 1] = color[1];
      img.data[o + 2] = color[2];
      img.data[o + 3] = Math.round(alpha * 255);
    }
  }
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  const tmp = new OffscreenCanvas(R, R);
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  ctx.clearRect(0, 0, W, H);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(tmp, 0, 0, W, H);
  const [x0, x1, y0, y1] = g.extent;
  for (const p of g.points) {
    const px = ((p.x - x0) / (x1 - x0)) * W;
    const py = H - ((p.y - y0) / (y1 - y0)) * H;
    ctx.beginPath();
    ctx.arc(px, py, 2.6, 0, Math.PI * 2);
    ctx.fillStyle = g.task === 'classification' ? rgb(CLASS_RGB[p.label % CLASS_RGB.length]) : rgb(diverging((p.label - lo) / span));
    ctx.fill();
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.stroke();
  }
}
