/**
 * Engine parameters <-> PyTorch state_dict tensors. Names are `<layer id>.<weight|bias>`; Dense
 * kernels are stored [in, out] in the engine (Keras layout) and [out, in] in PyTorch.
 */
import type { ParamEntry, ParamLayout } from '../engine/params';

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

function isDenseKernel(e: ParamEntry): boolean {
  return e.name === 'weight' && e.shape.length === 2;
}

export function toStateDict(layout: ParamLayout, flat: Float32Array): NamedTensor[] {
  return layout.entries.map((e) => {
    const src = flat.subarray(e.offset, e.offset + e.length);
    if (!isDenseKernel(e)) return { name: `${e.layer}.${e.name}`, shape: [...e.shape], data: Float32Array.from(src) };
    const [inF, outF] = e.shape;
    const data = new Float32Array(e.length);
    for (let i = 0; i < inF; i++) for (let o = 0; o < outF; o++) data[o * inF + i] = src[i * outF + o];
    return { name: `${e.layer}.${e.name}`, shape: [outF, inF], data };
  });
}
