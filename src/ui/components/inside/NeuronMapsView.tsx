/**
 * Neuron maps (2-feature data), TensorFlow Playground style: a column for the two input features
 * (maps of x1 and x2), then a column per Dense layer with every unit's output over the input plane
 * (the decision boundary's grid and extent), the output layer last. Colours: orange negative,
 * white 0, blue positive, one scale per layer (± the largest |output| of that layer over the grid).
 * When every layer has at most 32 units, links between consecutive layers are drawn coloured by
 * the weight's sign and as thick as its |w| (scaled per layer); beyond that each layer is a
 * scrollable grid of maps without links. Hovering or focusing a unit lists its incoming weights
 * and bias. Fed by `neuron-maps` reports (worker/inside/neuron-maps.ts, at most 2 a second while
 * training); the view opens its watch on mount and closes it on unmount.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FromWorker } from '../../../worker/protocol';
import type { InsideContext } from './inside-view';
import { checksum, MapCanvas, maxAbs, playground } from './map-canvas';
import { useWorkerReport } from './useWorkerReport';
import { NeuronLinks, type Column } from './NeuronLinks';

/** Most units per layer for which links are drawn. */
export const LINKED_MAX_UNITS = 32;
const RESOLUTIONS = [16, 24, 32, 48];
const SIZE = 34;
const ROW_GAP = 6;
const COL_GAP = 64;

type NeuronMapsReport = Extract<FromWorker, { type: 'neuron-maps' }>;

const fmt = (v: number) => (Math.abs(v) >= 100 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

export function NeuronMapsView({ send, subscribe, model }: InsideContext) {
  const [resolution, setResolution] = useState(32);
  useEffect(() => {
    send({ type: 'watch-neurons', watch: true, resolution });
  }, [send, model, resolution]);
  useEffect(() => () => send({ type: 'watch-neurons', watch: false, resolution: 32 }), [send]);
  const report = useWorkerReport(subscribe, 'neuron-maps');
  return (
    <div>
      <div className="inside-view-head">
        <h3>Neuron maps</h3>
        <label className="small">
          Grid{' '}
          <select value={resolution} onChange={(e) => setResolution(Number(e.target.value))}>
            {RESOLUTIONS.map((r) => (
              <option key={r} value={r}>
                {r} × {r}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!report ? <p className="muted small">Computing the maps…</p> : report.message ? <p className="muted small">{report.message}</p> : <NeuronMapsBody report={report} />}
    </div>
  );
}

/** The maps, links and unit details of one report (no worker traffic: testable on its own). */
export function NeuronMapsBody({ report }: { report: NeuronMapsReport }) {
  const [selected, setSelected] = useState<{ col: number; unit: number } | null>(null);
  const R = report.resolution;
  const columns: Column[] = useMemo(() => {
    const [x0, x1, y0, y1] = report.extent;
    const maps = new Float32Array(R * R * 2);
    for (let r = 0; r < R; r++) {
      for (let c = 0; c < R; c++) {
        maps[(r * R + c) * 2] = x0 + ((c + 0.5) / R) * (x1 - x0);
        maps[(r * R + c) * 2 + 1] = y0 + ((r + 0.5) / R) * (y1 - y0);
      }
    }
    const scale = Math.max(Math.abs(x0), Math.abs(x1), Math.abs(y0), Math.abs(y1)) || 1;
    return [
      { name: 'input', units: 2, maps, scale, layer: null },
      ...report.layers.map((l) => ({ name: l.layer, units: l.units, maps: l.maps, scale: maxAbs(l.maps), layer: l })),
    ];
  }, [report, R]);

  const linked = columns.every((c) => c.units <= LINKED_MAX_UNITS);
  const unitName = (col: number, unit: number) => (col === 0 ? `x${unit + 1}` : `${columns[col].name} #${unit + 1}`);
  const unit = (col: number, u: number) => {
    const c = columns[col];
    const what = col === 0 ? `input feature x${u + 1}` : `${c.name} unit ${u + 1}${c.name === report.output ? ' (output)' : ''}`;
    return (
      <button
        key={u}
        type="button"
        className={`neuron-unit${selected?.col === col && selected.unit === u ? ' selected' : ''}`}
        style={linked ? { position: 'absolute', left: col * (SIZE + COL_GAP), top: u * (SIZE + ROW_GAP) } : undefined}
        onMouseEnter={() => setSelected({ col, unit: u })}
        onFocus={() => setSelected({ col, unit: u })}
        data-testid={`neuron-${c.name}-${u}`}
      >
        <MapCanvas w={R} h={R} values={c.maps} stride={c.units} offset={u} color={(v) => playground(v / c.scale)} size={SIZE} flipY label={`${what} over the input plane`} />
      </button>
    );
  };
  const maxUnits = Math.max(...columns.map((c) => c.units));
  return (
    <div data-testid="neuron-maps" data-step={report.globalStep} data-epoch={report.epoch} data-checksum={checksum(report.layers[0]?.maps ?? [])}>
      <p className="muted small">
        Each square is one unit's output over the input plane (x1 across, x2 up; the decision boundary's extent) at step {report.globalStep}. Orange is negative, blue positive; each layer
        has one colour scale, ± its largest |output| (under the column).{linked ? ' Links: blue positive weights, orange negative, thicker for larger |w|.' : ` A layer has more than ${LINKED_MAX_UNITS} units, so the maps are shown without links.`}
      </p>
      {linked ? (
        <div className="neuron-net" role="group" aria-label="Units by layer" style={{ width: columns.length * (SIZE + COL_GAP) - COL_GAP, height: maxUnits * (SIZE + ROW_GAP) }}>
          <NeuronLinks columns={columns} size={SIZE} rowGap={ROW_GAP} colGap={COL_GAP} selected={selected} />
          {columns.map((c, col) => c.units > 0 && Array.from({ length: c.units }, (_, u) => unit(col, u)))}
        </div>
      ) : (
        <div className="neuron-grid" role="region" aria-label="Units by layer" tabIndex={0}>
          {columns.map((c, col) => (
            <section key={c.name} aria-label={c.name}>
              <h4 className="small">
                {c.name} · {c.units} units
              </h4>
              <div className="neuron-grid-maps">{Array.from({ length: c.units }, (_, u) => unit(col, u))}</div>
            </section>
          ))}
        </div>
      )}
      <div className="neuron-scales small muted" style={linked ? { width: columns.length * (SIZE + COL_GAP), columnGap: 0, flexWrap: 'nowrap' } : undefined}>
        {columns.map((c) => (
          <span key={c.name} style={linked ? { width: SIZE + COL_GAP } : undefined}>
            <span>{c.name}</span>
            <span>±{fmt(c.scale)}</span>
          </span>
        ))}
      </div>
      <UnitInfo columns={columns} selected={selected} unitName={unitName} />
    </div>
  );
}

function UnitInfo({ columns, selected, unitName }: { columns: Column[]; selected: { col: number; unit: number } | null; unitName: (col: number, unit: number) => string }) {
  if (!selected || !columns[selected.col]) return <p className="muted small neuron-info">Hover or focus a unit to see its incoming weights and bias.</p>;
  const { col, unit } = selected;
  const layer = columns[col].layer;
  if (!layer) return <p className="small neuron-info" aria-live="polite">Input feature x{unit + 1}: no incoming weights.</p>;
  const from = (j: number) => (col >= 1 && columns[col - 1].units === layer.fanIn ? unitName(col - 1, j) : `input ${j + 1}`);
  return (
    <div className="small neuron-info" aria-live="polite" data-testid="neuron-info">
      <strong>
        {layer.layer} unit {unit + 1}
      </strong>{' '}
      ({layer.activation ?? 'linear'}) · bias {layer.bias ? fmt(layer.bias[unit]) : 'none'}
      <ul className="neuron-weights">
        {Array.from({ length: layer.fanIn }, (_, j) => {
          const w = layer.weights[j * layer.units + unit];
          return (
            <li key={j} className={w < 0 ? 'neg' : 'pos'}>
              {from(j)}: {fmt(w)}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
