/** The first images of a dataset, each drawn on a canvas (greyscale or RGB, values in [0, 1]) with its class name. */
import { memo, useEffect, useRef } from 'react';

interface Props {
  x: Float32Array | Int32Array;
  shape: readonly number[];
  labels: readonly string[];
}

function ImageCell({ pixels, h, w, c, label, index }: { pixels: Float32Array | Int32Array; h: number; w: number; c: number; label: string; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(w, h);
    for (let p = 0; p < h * w; p++) {
      for (let k = 0; k < 3; k++) {
        const v = pixels[p * c + (c >= 3 ? k : 0)];
        img.data[p * 4 + k] = Math.max(0, Math.min(255, Math.round(v * 255)));
      }
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, h, w, c]);
  return (
    <figure className="preview-image" data-testid="preview-image">
      <canvas ref={ref} width={w} height={h} role="img" aria-label={`Row ${index + 1}: ${label}`} />
      <figcaption data-testid="preview-label">{label}</figcaption>
    </figure>
  );
}

export const ImageGrid = memo(function ImageGrid({ x, shape, labels }: Props) {
  const [h, w, c] = shape;
  const size = h * w * c;
  return (
    <div className="preview-grid" data-testid="preview-grid">
      {labels.map((label, i) => (
        <ImageCell key={i} index={i} pixels={x.subarray(i * size, (i + 1) * size)} h={h} w={w} c={c} label={label} />
      ))}
    </div>
  );
});
