/** The attention view's part of the protocol (protocol.ts joins it into the unions). */

/** Which input the attention maps are computed for. */
export type AttentionSource = { kind: 'test-row'; index: number } | { kind: 'text'; text: string };

/** One attention layer's weights for the chosen input. */
export interface AttentionLayerMap {
  layer: string;
  heads: number;
  /** Query and key positions shown (padding at the end of a token sequence is cut off). */
  tq: number;
  tk: number;
  /** Row-major [heads, tq, tk]; each row sums to 1 over the whole (uncut) key axis. */
  weights: Float32Array;
}

export interface AttentionReport {
  source: AttentionSource;
  /** Labels of the query and key positions (words for token-id inputs, else t0, t1, ...). */
  queryLabels: string[];
  keyLabels: string[];
  layers: AttentionLayerMap[];
  /** The input's true class name when it is a test row, else null. */
  label: string | null;
  /** Why there are no maps (no attention layers, no model, bad input), else null. */
  message: string | null;
  epoch: number;
  globalStep: number;
}
