/**
 * One small map drawn pixel for pixel on a canvas and scaled up without smoothing: `w` x `h`
 * values read as values[(pixel) * stride + offset], coloured by `color`. `flipY` puts row 0 at the
 * bottom (the input plane's y axis points up). The canvas is an image with a text alternative.
 */
import { memo, useEffect, useRef } from 'react';

export type Rgb = [number, number, number];

interface Props {
  w: number;
  h: number;
  values: ArrayLike<number>;
  stride?: number;
  offset?: number;
  color: (v: number) => Rgb;
  /** Displayed width in CSS pixels (the height follows the aspect ratio). */
  size: number;
  label: string;
  flipY?: boolean;
  className?: string;
}

export const MapCanvas = memo(function MapCanvas({ w, h, values, stride = 1, offset = 0, color, size, label, flipY = false, className }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const v = values[(r * w + c) * stride + offset];
        const [R, G, B] = Number.isFinite(v) ? color(v) : [128, 128, 128];
        const o = ((flipY ? h - 1 - r : r) * w + c) * 4;
        img.data[o] = R;
        img.data[o + 1] = G;
        img.data[o + 2] = B;
        img.data[o + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
  }, [w, h, values, stride, offset, color, flipY]);
  return <canvas ref={ref} width={w} height={h} role="img" aria-label={label} className={`map-canvas ${className ?? ''}`} style={{ width: size, height: (size * h) / w }} />;
});

/** TensorFlow Playground's palette: orange (-1) - white (0) - blue (+1), clamped. */
export function playground(t: number): Rgb {
  const u = Math.max(-1, Math.min(1, t));
  const end: Rgb = u < 0 ? [245, 147, 34] : [8, 119, 189];
  const k = Math.abs(u);
  return [0, 1, 2].map((i) => Math.round(255 + (end[i] - 255) * k)) as Rgb;
}

/** Black (0) to white (1), clamped. */
export function grey(t: number): Rgb {
  const g = Math.round(Math.max(0, Math.min(1, t)) * 255);
  return [g, g, g];
}

/** The largest |value| of `values` (1 when all are zero or none is finite). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) m = Math.max(m, Math.abs(values[i]));
  return m || 1;
}

/** A short checksum of a map (for tests and data attributes): the sum of its values, rounded. */
export function checksum(values: ArrayLike<number>): string {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s.toFixed(6);
}
