/**
 * Engine parameters -> PyTorch state_dict tensors. Names are `<layer id>.<weight|bias>`.
 * Layouts: Dense kernels are [in, out] in the engine (Keras) and [out, in] in PyTorch; Conv2D
 * kernels [KH, KW, Cin, Cout] and [Cout, Cin, KH, KW]; Embedding tables are the same in both.
 * Recurrent layers are written in the engine's (Keras) layout under their engine names until the
 * export work maps them to nn.LSTM / nn.GRU (gate order and split biases differ).
 */
import type { ParamEntry, ParamLayout } from '../engine/params';

export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

function toTorchLayout(e: ParamEntry, src: Float32Array): { shape: number[]; data: Float32Array } {
  if (e.name === 'weight' && e.layerType === 'Dense') {
    const [inF, outF] = e.shape;
    const data = new Float32Array(e.length);
    for (let i = 0; i < inF; i++) for (let o = 0; o < outF; o++) data[o * inF + i] = src[i * outF + o];
    return { shape: [outF, inF], data };
  }
  if (e.name === 'weight' && e.layerType === 'Conv2D') {
    const [KH, KW, CI, CO] = e.shape;
    const data = new Float32Array(e.length);
    for (let h = 0; h < KH; h++)
      for (let w = 0; w < KW; w++)
        for (let i = 0; i < CI; i++) for (let o = 0; o < CO; o++) data[((o * CI + i) * KH + h) * KW + w] = src[((h * KW + w) * CI + i) * CO + o];
    return { shape: [CO, CI, KH, KW], data };
  }
  return { shape: [...e.shape], data: Float32Array.from(src) };
}

export function toStateDict(layout: ParamLayout, flat: Float32Array): NamedTensor[] {
  return layout.entries.map((e) => ({ name: `${e.layer}.${e.name}`, ...toTorchLayout(e, flat.subarray(e.offset, e.offset + e.length)) }));
}
