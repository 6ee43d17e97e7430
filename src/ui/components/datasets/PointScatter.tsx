/** The first rows of a 2-feature dataset as a scatter plot, coloured by class (or by target value for regression). */
import { memo } from 'react';
import { CLASS_RGB, diverging, rgb } from '../evaluation/colors';

interface Props {
  x: Float32Array | Int32Array;
  labels: readonly string[];
  classIds: ArrayLike<number> | null;
  targets: ArrayLike<number> | null;
}

const SIZE = 220;
const PAD = 10;

export const PointScatter = memo(function PointScatter({ x, labels, classIds, targets }: Props) {
  const n = labels.length;
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, x[2 * i]); x1 = Math.max(x1, x[2 * i]);
    y0 = Math.min(y0, x[2 * i + 1]); y1 = Math.max(y1, x[2 * i + 1]);
  }
  const sx = (v: number) => PAD + ((v - x0) / (x1 - x0 || 1)) * (SIZE - 2 * PAD);
  const sy = (v: number) => SIZE - PAD - ((v - y0) / (y1 - y0 || 1)) * (SIZE - 2 * PAD);
  let t0 = Infinity, t1 = -Infinity;
  if (targets) for (let i = 0; i < n; i++) { t0 = Math.min(t0, targets[i]); t1 = Math.max(t1, targets[i]); }
  const color = (i: number) => {
    if (classIds) return rgb(CLASS_RGB[classIds[i] % CLASS_RGB.length]);
    return rgb(diverging(targets ? (targets[i] - t0) / (t1 - t0 || 1) : 0.5));
  };
  return (
    <svg className="preview-scatter" data-testid="preview-scatter" width={SIZE} height={SIZE} role="img" aria-label={`Scatter plot of the first ${n} points`}>
      <rect x={0} y={0} width={SIZE} height={SIZE} className="preview-scatter-bg" />
      {labels.map((label, i) => (
        <circle key={i} cx={sx(x[2 * i])} cy={sy(x[2 * i + 1])} r={n > 100 ? 2.5 : 4} fill={color(i)} data-testid="preview-point">
          <title>{`(${x[2 * i].toFixed(2)}, ${x[2 * i + 1].toFixed(2)}): ${label}`}</title>
        </circle>
      ))}
    </svg>
  );
});
