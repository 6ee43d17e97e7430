/** Every layer type the engine knows, by spec `type`. */
import type { LayerSpec, LayerType } from '../spec';
import type { LayerDef } from './layer';
import { activation } from './activation';
import { add } from './add';
import { dense } from './dense';
import { input } from './input';
import { flatten, reshape } from './reshape';

export const LAYERS: { [T in LayerType]?: LayerDef<Extract<LayerSpec, { type: T }>> } = {
  Input: input,
  Dense: dense,
  Activation: activation,
  Add: add,
  Flatten: flatten,
  Reshape: reshape,
};

export const LAYER_TYPES = Object.keys(LAYERS) as LayerType[];

export function layerDef(type: string): LayerDef | undefined {
  return (LAYERS as Record<string, LayerDef>)[type];
}
