/**
 * Reading and writing a compiled model's optimizer state: each slot the optimizer keeps (see
 * optimizers.ts) as a flat vector in the parameter layout, at its offset in the stacked buffer.
 */
import { readBuffer } from '../gpu/arena';
import type { CompiledModel } from './compile';
import type { OptimizerState } from './optimizers';

/** The state after `step` steps (Adam's t). */
export async function readOptimizerState(model: CompiledModel, step: number): Promise<OptimizerState> {
  const slots: Record<string, Float32Array> = {};
  const bytes = model.layout.total * 4;
  for (const [k, { name }] of model.optSlots.entries()) slots[name] = new Float32Array(await readBuffer(model.device, model.optState, bytes, model.optSlotOffset(k)));
  return { step, slots };
}

/** Puts a saved state back (every slot this optimizer keeps; each checked for presence and length). */
export function writeOptimizerState(model: CompiledModel, state: OptimizerState): void {
  const n = model.layout.total;
  model.optSlots.forEach(({ name }, k) => {
    const data = state.slots[name];
    if (!data) throw new Error(`the optimizer state has no slot "${name}"`);
    if (data.length !== n) throw new Error(`optimizer slot "${name}" has ${data.length} values, expected ${n}`);
    model.device.queue.writeBuffer(model.optState, model.optSlotOffset(k), data);
  });
}
