/**
 * The links of the neuron maps (NeuronMapsView): one line per weight between consecutive
 * columns, blue for a positive weight and orange for a negative one, 0.3 to 4 px thick by |w|
 * relative to the largest |w| of that layer; the selected unit's incoming links are drawn on top
 * and the others faded. Decorative (aria-hidden): the unit's weights are listed in text on hover
 * or focus.
 */
import type { ReactElement } from 'react';
import type { NeuronLayerMaps } from '../../../worker/protocol';

/** One column of the neuron maps: the inputs (layer null) or a Dense layer. */
export interface Column {
  name: string;
  units: number;
  /** [R * R, units] */
  maps: Float32Array;
  /** The colour scale: ± this value. */
  scale: number;
  layer: NeuronLayerMaps | null;
}

interface Props {
  columns: Column[];
  size: number;
  rowGap: number;
  colGap: number;
  selected: { col: number; unit: number } | null;
}

export function NeuronLinks({ columns, size, rowGap, colGap, selected }: Props) {
  const width = columns.length * (size + colGap) - colGap;
  const height = Math.max(...columns.map((c) => c.units)) * (size + rowGap);
  const lines: ReactElement[] = [];
  const top: ReactElement[] = [];
  for (let col = 1; col < columns.length; col++) {
    const layer = columns[col].layer;
    const prev = columns[col - 1];
    // Links only where this layer reads the previous column directly.
    if (!layer || layer.fanIn !== prev.units) continue;
    let m = 0;
    for (const w of layer.weights) m = Math.max(m, Math.abs(w));
    m ||= 1;
    const x1 = (col - 1) * (size + colGap) + size;
    const x2 = col * (size + colGap);
    for (let j = 0; j < layer.fanIn; j++) {
      for (let u = 0; u < layer.units; u++) {
        const w = layer.weights[j * layer.units + u];
        const isSel = selected?.col === col && selected.unit === u;
        const line = (
          <line
            key={`${col}-${j}-${u}`}
            x1={x1}
            y1={j * (size + rowGap) + size / 2}
            x2={x2}
            y2={u * (size + rowGap) + size / 2}
            stroke={w < 0 ? '#f59322' : '#0877bd'}
            strokeWidth={0.3 + 3.7 * (Math.abs(w) / m)}
            strokeOpacity={selected && !isSel ? 0.15 : 0.75}
          />
        );
        (isSel ? top : lines).push(line);
      }
    }
  }
  return (
    <svg className="neuron-links" width={width} height={height} aria-hidden="true" focusable="false">
      {lines}
      {top}
    </svg>
  );
}
