/**
 * Feature / target scaling in the ONNX graph (TrainedModel.preprocessing, src/io/preprocessing.ts):
 * Sub(offset) then Mul(scale) on the raw input [N, F] in front of the first layer, and for
 * regression Div(scale) then Add(offset) on the output [N, U], all constants as float32
 * initializers (preprocess/offset, preprocess/scale, postprocess/...), so the model takes raw rows
 * and returns raw target units. The document travels in metadata_props too.
 */
import type { Affine } from '../../data/scaling';
import type { OnnxGraph } from './onnx-graph';

/** (x - offset) * scale, per feature on the last axis. */
export function onnxPreprocess(g: OnnxGraph, x: string, a: Affine): string {
  const offset = g.init('preprocess/offset', Float32Array.from(a.offset), [a.offset.length]);
  const scale = g.init('preprocess/scale', Float32Array.from(a.scale), [a.scale.length]);
  return g.op('Mul', [g.op('Sub', [x, offset], 'preprocess/centered'), scale], 'preprocess/scaled');
}

/** y / scale + offset, per output unit on the last axis. */
export function onnxPostprocess(g: OnnxGraph, y: string, a: Affine): string {
  const scale = g.init('postprocess/scale', Float32Array.from(a.scale), [a.scale.length]);
  const offset = g.init('postprocess/offset', Float32Array.from(a.offset), [a.offset.length]);
  return g.op('Add', [g.op('Div', [y, scale], 'postprocess/unscaled'), offset], 'postprocess/raw');
}
