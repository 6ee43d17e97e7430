/**
 * An optimizer's state in a training run directory (`optimizer-state.safetensors`, written by
 * `npm run train`, read by `npm run export` for the PyTorch bundle): one F32 tensor per slot of
 * optimizerSlots() in the engine's flat parameter layout ([P]), and the step count in the metadata.
 * Reading treats the file as untrusted: the slots, their lengths and the step are checked against
 * the model before anything is used.
 */
import { buildGraph } from '../engine/graph';
import { layoutParams } from '../engine/params';
import { optimizerSlots, type ModelSpec } from '../engine/spec';
import type { OptimizerState } from '../engine/trainer';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

export const OPTIMIZER_STATE_FILE = 'optimizer-state.safetensors';

export function encodeOptimizerState(state: OptimizerState): Uint8Array {
  const tensors = Object.entries(state.slots).map(([name, data]) => ({ name, shape: [data.length], data }));
  return encodeSafetensors(tensors, { step: String(state.step) });
}

/** The state in `bytes` for a model of `spec`; throws naming what does not fit. */
export function decodeOptimizerState(bytes: Uint8Array, spec: ModelSpec): OptimizerState {
  const file = decodeSafetensors(bytes);
  const want = optimizerSlots(spec.optimizer);
  const have = [...file.tensors.keys()].sort();
  if (have.join() !== [...want].sort().join()) throw new Error(`the optimizer state holds [${have.join(', ')}], but ${spec.optimizer.type} keeps [${want.join(', ')}]`);
  const total = layoutParams(buildGraph(spec)).total;
  const slots: Record<string, Float32Array> = {};
  for (const name of want) {
    const t = file.tensors.get(name)!;
    if (t.data.length !== total) throw new Error(`optimizer slot "${name}" has ${t.data.length} values, the model ${total}`);
    slots[name] = t.data;
  }
  // Written as String(step): decimal digits only, and exact (a safe integer).
  const text = file.metadata.step;
  const step = typeof text === 'string' && /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(step)) throw new Error(`the optimizer state's step is ${JSON.stringify(file.metadata.step)}, not a whole number >= 0`);
  return { step, slots };
}
