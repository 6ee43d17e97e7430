/**
 * The projector inside view: an Embedding's token vectors, or a classifier's penultimate-layer
 * activations of test samples, projected to 2D by PCA in the worker (worker/inside/projector.ts)
 * and drawn as an SVG scatter. Tokens carry labels (the 50 most frequent shown, any on hover or
 * all with a checkbox); samples are coloured by class with a legend. Refreshed after every epoch
 * and run while open; the epoch stamp says which weights it shows.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { analyzeModel } from '../../../engine/graph';
import { penultimateNode, tokenEmbedding } from '../../../engine/inspect/projection-source';
import type { ProjectorReport, ProjectorSource } from '../../../worker/protocol';
import { CLASS_RGB, rgb } from '../evaluation/colors';
import type { InsideContext } from './inside-view';
import { useWorkerReport } from './useWorkerReport';

const W = 420;
const H = 300;
const PAD = 14;
/** Token labels drawn without hovering (the most frequent tokens come first). */
const SHOWN_LABELS = 50;

const sourcesOf = new WeakMap<InsideContext['spec'], ProjectorSource[]>();

/** Which projections a spec offers: token embeddings, penultimate activations (cached per spec object). */
export function projectorSources(spec: InsideContext['spec']): ProjectorSource[] {
  const known = sourcesOf.get(spec);
  if (known) return known;
  const graph = analyzeModel(spec).graph;
  const found: ProjectorSource[] = graph ? [...(tokenEmbedding(graph) ? (['embedding'] as const) : []), ...(penultimateNode(graph) ? (['penultimate'] as const) : [])] : [];
  sourcesOf.set(spec, found);
  return found;
}

const SOURCE_TEXT: Record<ProjectorSource, string> = { embedding: 'Token embeddings', penultimate: 'Penultimate layer (test samples)' };

function scaleOf(r: ProjectorReport) {
  const span = (v: number[]) => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    return { lo, k: hi > lo ? 1 / (hi - lo) : 0 };
  };
  const sx = span(r.xs);
  const sy = span(r.ys);
  return {
    x: (v: number) => PAD + (sx.k ? (v - sx.lo) * sx.k : 0.5) * (W - 2 * PAD),
    // Up is positive on the second axis.
    y: (v: number) => H - PAD - (sy.k ? (v - sy.lo) * sy.k : 0.5) * (H - 2 * PAD),
  };
}

function Scatter({ r, allLabels }: { r: ProjectorReport; allLabels: boolean }) {
  const [hover, setHover] = useState<number | null>(null);
  const s = useMemo(() => scaleOf(r), [r]);
  const what = r.source === 'embedding' ? `${r.xs.length} tokens of layer ${r.layer}` : `${r.xs.length} test samples at layer ${r.layer}`;
  return (
    <svg className="projector-plot" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`PCA projection of ${what}`} data-testid="projector-plot">
      <rect x={0} y={0} width={W} height={H} className="projector-bg" />
      {r.xs.map((x, i) => {
        const cls = r.classes?.[i];
        const fill = cls !== undefined ? rgb(CLASS_RGB[cls % CLASS_RGB.length], 0.75) : 'rgba(37, 99, 235, 0.55)';
        const label = r.labels?.[i] ?? (cls !== undefined ? (r.classNames?.[cls] ?? `class ${cls}`) : null);
        return (
          <circle
            key={i}
            cx={s.x(x)}
            cy={s.y(r.ys[i])}
            r={r.labels ? 2.5 : 3}
            fill={fill}
            data-testid="projector-point"
            data-x={x}
            data-y={r.ys[i]}
            onMouseEnter={() => setHover(i)}
            onMouseLeave={() => setHover((h) => (h === i ? null : h))}
          >
            {label !== null && <title>{label}</title>}
          </circle>
        );
      })}
      {r.labels?.map((t, i) =>
        allLabels || i < SHOWN_LABELS || hover === i ? (
          <text key={`l${i}`} x={s.x(r.xs[i]) + 3.5} y={s.y(r.ys[i]) - 3} className={`projector-label${hover === i ? ' hover' : ''}`} data-testid="projector-label">
            {t}
          </text>
        ) : null,
      )}
    </svg>
  );
}

function Legend({ r }: { r: ProjectorReport }) {
  const present = useMemo(() => [...new Set(r.classes ?? [])].sort((a, b) => a - b), [r]);
  if (!r.classes || present.length === 0) return null;
  return (
    <ul className="projector-legend" aria-label="Classes" data-testid="projector-legend">
      {present.map((c) => (
        <li key={c}>
          <span className="swatch" style={{ background: rgb(CLASS_RGB[c % CLASS_RGB.length]) }} aria-hidden="true" />
          {r.classNames?.[c] || `class ${c}`}
        </li>
      ))}
    </ul>
  );
}

export function ProjectorView({ send, subscribe, spec, model }: InsideContext) {
  const sources = useMemo(() => projectorSources(spec), [spec]);
  const [chosen, setChosen] = useState<ProjectorSource | null>(null);
  const source: ProjectorSource = chosen && sources.includes(chosen) ? chosen : (sources[0] ?? 'embedding');
  const [allLabels, setAllLabels] = useState(false);
  // Read by the listener and the model effect below (useWorkerReport keeps its first listener).
  const sourceRef = useRef(source);
  sourceRef.current = source;
  // Open while mounted (closing the view unmounts it: watch false, the worker frees its probe).
  useEffect(() => {
    send({ type: 'watch-projector', watch: true, source });
    return () => send({ type: 'watch-projector', watch: false, source });
  }, [send, source]);
  // A new or reloaded model (not the one the view opened on): ask again; the worker computes it once idle.
  const openedOn = useRef(model);
  useEffect(() => {
    if (!model || model === openedOn.current) return;
    openedOn.current = model;
    send({ type: 'watch-projector', watch: true, source: sourceRef.current });
  }, [send, model]);
  const msg = useWorkerReport(subscribe, 'projector', (m) => m.report.source === sourceRef.current);
  const r = msg && msg.report.source === source ? msg.report : null;
  const share = r && r.totalVariance > 0 ? (100 * (r.variance[0] + r.variance[1])) / r.totalVariance : null;
  return (
    <div className="projector" data-testid="projector">
      <h3 className="small">Projector</h3>
      {sources.length > 1 && (
        <fieldset className="projector-sources">
          <legend className="sr-only">What to project</legend>
          {sources.map((s) => (
            <label key={s} className="small">
              <input type="radio" name="projector-source" value={s} checked={s === source} onChange={() => setChosen(s)} data-testid={`projector-source-${s}`} /> {SOURCE_TEXT[s]}
            </label>
          ))}
        </fieldset>
      )}
      {!r ? (
        <p className="muted small" data-testid="projector-waiting">
          Projecting {SOURCE_TEXT[source].toLowerCase()}…
        </p>
      ) : r.message ? (
        <p className="muted small" data-testid="projector-message">
          {r.message}
        </p>
      ) : (
        <>
          <p className="muted small" data-testid="projector-stamp">
            Epoch <span data-testid="projector-epoch">{r.epoch}</span>, step {r.globalStep}: {r.xs.length} {r.source === 'embedding' ? 'tokens' : 'samples'} of layer {r.layer}
            {share !== null ? `; the plane holds ${share.toFixed(0)}% of the variance` : ''}
          </p>
          <Scatter r={r} allLabels={allLabels} />
          {r.labels && (
            <label className="small">
              <input type="checkbox" checked={allLabels} onChange={(e) => setAllLabels(e.target.checked)} data-testid="projector-all-labels" /> Label every token
            </label>
          )}
          <Legend r={r} />
        </>
      )}
    </div>
  );
}
