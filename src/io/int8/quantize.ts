/**
 * Symmetric int8 quantization per output channel of the PyTorch state_dict: every weight tensor of
 * rank >= 2 gets scale[c] = absmax(row c along dim 0) / 127 and q = round(w / scale) in [-127, 127]
 * (dim 0 is the output channel of nn.Linear, nn.Conv2d and the recurrent weight_ih/hh; for
 * nn.Embedding it is one token's row). Biases and other rank-1 tensors stay F32 (BatchNormalization's γ, β
 * and moving statistics included: per-channel affine and statistics, tiny, where a rounding error
 * shifts every activation of the channel). In the file each
 * quantized tensor `<name>` is I8 beside its F32 `<name>.scale` [channels].
 *
 * int8EnginePlan maps the quantized tensors back onto the engine's flat parameter layout (through
 * fromStateDict, so every layout the import knows works here too) for the GPU dequantize kernel.
 */
import { encodeSafetensors, type TensorToEncode } from '../safetensors';
import { fromStateDict, modelStateDict, type NamedTensor } from '../state-dict';
import type { TrainedModel } from '../trained-model';

export interface QuantizedTensor {
  name: string;
  /** PyTorch layout. */
  shape: number[];
  q: Int8Array;
  /** One per output channel (dim 0). */
  scale: Float32Array;
}

export interface QuantizedModel {
  quantized: QuantizedTensor[];
  /** Tensors kept in float32 (biases). */
  float: NamedTensor[];
}

export const SCALE_SUFFIX = '.scale';

export function quantizeTensor(t: NamedTensor): QuantizedTensor {
  const channels = t.shape[0];
  const inner = channels === 0 ? 0 : t.data.length / channels;
  const q = new Int8Array(t.data.length);
  const scale = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let absmax = 0;
    for (let i = c * inner; i < (c + 1) * inner; i++) absmax = Math.max(absmax, Math.abs(t.data[i]));
    const s = Math.fround(absmax / 127) || 1; // an all-zero row: any scale, every q is 0
    scale[c] = s;
    for (let i = c * inner; i < (c + 1) * inner; i++) q[i] = Math.max(-127, Math.min(127, Math.round(t.data[i] / s)));
  }
  return { name: t.name, shape: [...t.shape], q, scale };
}

export function quantizeModel(model: TrainedModel): QuantizedModel {
  const out: QuantizedModel = { quantized: [], float: [] };
  for (const t of modelStateDict(model)) {
    if (t.shape.length >= 2) out.quantized.push(quantizeTensor(t));
    else out.float.push(t);
  }
  return out;
}

/** The int8 safetensors file: `<name>` I8, `<name>.scale` F32, biases F32. */
export function encodeInt8Safetensors(qm: QuantizedModel, metadata: Record<string, string> = {}): Uint8Array {
  const tensors: TensorToEncode[] = [];
  for (const t of qm.quantized) {
    tensors.push({ name: t.name, shape: t.shape, data: t.q });
    tensors.push({ name: t.name + SCALE_SUFFIX, shape: [t.scale.length], data: t.scale });
  }
  for (const t of qm.float) tensors.push(t);
  return encodeSafetensors(tensors, { quantization: 'int8 symmetric per output channel (dim 0); w = q * scale[:, None, ...]', ...metadata });
}

/** Dequantized PyTorch-layout value of one element (what the GPU kernel computes). */
export function dequantizeValue(q: number, scale: number): number {
  return Math.fround(q * scale);
}

/**
 * What the dequantize kernel reads, over the engine's flat parameter vector (length total):
 * q[i] int8 packed four per u32 word, chan[i] the index into scales (or NOT_QUANTIZED, then the
 * value is keep[i]).
 */
export interface Int8EnginePlan {
  total: number;
  qWords: Uint32Array;
  chan: Uint32Array;
  scales: Float32Array;
  keep: Float32Array;
}

export const NOT_QUANTIZED = 0xffffffff;

export function int8EnginePlan(model: TrainedModel, qm: QuantizedModel): Int8EnginePlan {
  // Two maps through the import path: q values (biases as floats), and 1 + global channel index
  // (biases -1, alignment padding stays 0): both are pure permutations for the quantized tensors.
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  const channels = new Map<string, { shape: number[]; data: Float32Array }>();
  const scales: number[] = [];
  for (const t of qm.quantized) {
    values.set(t.name, { shape: t.shape, data: Float32Array.from(t.q) });
    const inner = t.q.length / Math.max(1, t.shape[0]);
    const base = scales.length;
    channels.set(t.name, { shape: t.shape, data: Float32Array.from({ length: t.q.length }, (_, i) => 1 + base + Math.floor(i / inner)) });
    scales.push(...t.scale);
  }
  if (scales.length >= 2 ** 24) throw new Error(`int8: ${scales.length} output channels is more than this plan can index exactly`);
  for (const t of qm.float) {
    values.set(t.name, t);
    channels.set(t.name, { shape: t.shape, data: new Float32Array(t.data.length).fill(-1) });
  }
  const qf = fromStateDict(model.spec, values).params;
  const ch = fromStateDict(model.spec, channels).params;
  const total = qf.length;
  const q8 = new Int8Array(total);
  const chan = new Uint32Array(total);
  const keep = new Float32Array(total);
  for (let i = 0; i < total; i++) {
    if (ch[i] >= 1) {
      q8[i] = qf[i];
      chan[i] = ch[i] - 1;
    } else {
      chan[i] = NOT_QUANTIZED;
      keep[i] = qf[i];
    }
  }
  return { total, qWords: new Uint32Array(q8.buffer, 0, total / 4), chan, scales: Float32Array.from(scales), keep };
}

/** float64-free CPU reference of the dequantize kernel: the engine's flat parameters. */
export function dequantizeRef(plan: Int8EnginePlan): Float32Array {
  const q8 = new Int8Array(plan.qWords.buffer, plan.qWords.byteOffset, plan.total);
  const out = new Float32Array(plan.total);
  for (let i = 0; i < plan.total; i++) out[i] = plan.chan[i] === NOT_QUANTIZED ? plan.keep[i] : dequantizeValue(q8[i], plan.scales[plan.chan[i]]);
  return out;
}
