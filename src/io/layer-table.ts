/**
 * What every export / import format's per-layer table is built from. A format's table has one row
 * per LayerType (`LayerTable<Row>`: a mapped type, so a layer type missing from a format is a
 * compile error), and a row is either the format's way of writing that layer or a named refusal
 * (`refuse(reason)`) saying why the format cannot carry it. Refusals live in the table, in one
 * place per format; `tableRow` turns one into the format's error naming the layer.
 */
import type { LayerSpec, LayerType } from '../engine/spec';

/** The spec interface of layer type T (Pooling2DLayer for both 'MaxPooling2D' and 'AveragePooling2D'). */
export type LayerOf<T extends LayerType> = LayerSpec extends infer L ? (L extends LayerSpec ? (T extends L['type'] ? L : never) : never) : never;

/** A format that cannot carry a layer type: the reason names the format and what is missing. */
export interface Refusal {
  readonly refusal: string;
}

export const refuse = (reason: string): Refusal => ({ refusal: reason });

export const isRefusal = (row: unknown): row is Refusal => typeof row === 'object' && row !== null && typeof (row as Refusal).refusal === 'string';

/** One row per layer type, the same row type for all (typed rows: `{ [T in LayerType]: Row<LayerOf<T>> | Refusal }`). */
export type LayerTable<Row> = { readonly [T in LayerType]: Row | Refusal };

/**
 * The row of `layer`'s type, or the format's error (made by `error` from the message
 * `layer "<id>": <reason>`) when the table refuses it. `Row` is the row type over any layer spec:
 * the table's mapped type guarantees the row of type T takes a spec of type T.
 */
export function tableRow<Row>(table: { readonly [T in LayerType]: unknown }, layer: { id: string; type: LayerType }, error: (message: string) => Error): Row {
  const row = table[layer.type];
  if (isRefusal(row)) throw error(`layer "${layer.id}": ${row.refusal}`);
  return row as Row;
}

/** The layer types a table refuses, with the reasons. */
export function refusals(table: { readonly [T in LayerType]: unknown }): [LayerType, string][] {
  return (Object.entries(table) as [LayerType, unknown][]).flatMap(([t, row]) => (isRefusal(row) ? [[t, row.refusal] as [LayerType, string]] : []));
}
