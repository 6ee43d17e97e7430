/**
 * The PyTorch bundle's data in PyTorch's layout: image rows [n, H, W, C] (the playground's,
 * channels-last) become [n, C, H, W] (NCHW, what model.py takes by default); token ids, sequences
 * and feature rows stay as they are.
 */
import type { Dataset } from '../../data/dataset';

export const isImageData = (ds: Dataset) => ds.inputShape.length === 3 && ds.inputDtype !== 'int32';

/** One sample's shape as model.py takes it: images [C, H, W] (NCHW), the rest as the playground's. */
export function torchSampleShape(ds: Dataset): number[] {
  if (!isImageData(ds)) return [...ds.inputShape];
  const [H, W, C] = ds.inputShape;
  return [C, H, W];
}

/** Rows of images [n, H, W, C] -> [n, C, H, W] (PyTorch's layout, model.py's default); other data unchanged. */
export function nchw(ds: Dataset, x: Float32Array): Float32Array {
  if (!isImageData(ds)) return x;
  const [H, W, C] = ds.inputShape;
  const per = H * W * C;
  const out = new Float32Array(x.length);
  for (let i = 0; i < ds.n; i++) {
    const base = i * per;
    for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) out[base + (c * H + h) * W + w] = x[base + (h * W + w) * C + c];
  }
  return out;
}
