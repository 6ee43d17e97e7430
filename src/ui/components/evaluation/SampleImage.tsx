/**
 * One image sample ([H, W, C] values in [0, 1], C = 1 grey or 3 RGB) drawn pixel for pixel on a
 * small canvas and scaled up without smoothing.
 */
import { useEffect, useRef } from 'react';

interface Props {
  values: ArrayLike<number>;
  /** [height, width, channels]. */
  shape: readonly number[];
  /** Displayed width in CSS pixels (the height follows the aspect ratio). */
  size: number;
  label: string;
  testId?: string;
}

export function SampleImage({ values, shape, size, label, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [H, W, C] = [shape[0], shape[1], shape[2] ?? 1];
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(W, H);
    for (let p = 0; p < W * H; p++) {
      for (let k = 0; k < 3; k++) {
        const v = values[p * C + (C >= 3 ? k : 0)];
        img.data[p * 4 + k] = Math.round(Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0)) * 255);
      }
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [values, W, H, C]);
  return (
    <canvas
      ref={ref}
      className="sample-image"
      width={W}
      height={H}
      style={{ width: size, height: Math.round((size * H) / W) }}
      role="img"
      aria-label={label}
      data-testid={testId}
    />
  );
}
