/**
 * Conv views (image data): the first Conv2D's filters as small images (one per filter and input
 * channel on a diverging scale shared by all filters, or one RGB image per filter for 3 input
 * channels), and for a chosen test image every Conv2D and pooling layer's feature maps, one
 * greyscale image per channel (black 0 or the layer's minimum, white the layer's maximum; at most
 * 64 channels per layer, the rest counted). Fed by `conv-views` reports (worker/inside/conv-views.ts:
 * after epochs and every 2 s while training); the view opens its watch on mount and closes it on
 * unmount. "Use the drawn digit" shows the image drawn on the evaluation panel's sketch pad
 * (drawn-input.ts) instead of a test image, when one is drawn and fits the model's input.
 */
import { useEffect, useState } from 'react';
import type { ConvFromWorker, FeatureMaps } from '../../../worker/protocol';
import { SampleImage } from '../evaluation/SampleImage';
import { useDrawnInput } from '../evaluation/drawn-input';
import type { InsideContext } from './inside-view';
import { checksum, grey, MapCanvas, maxAbs, playground } from './map-canvas';
import { useWorkerReport } from './useWorkerReport';

/** Most channels shown per layer. */
export const CONV_MAX_CHANNELS = 64;
/** Most input channels shown per filter (other than RGB). */
const MAX_FILTER_CHANNELS = 4;

export function ConvView({ send, subscribe, model, dataset }: InsideContext) {
  const [sample, setSample] = useState(0);
  const [useDrawn, setUseDrawn] = useState(false);
  const drawing = useDrawnInput();
  const width = dataset.inputShape?.reduce((a, b) => a * b, 1) ?? 0;
  const drawn = drawing && drawing.length === width ? drawing : null;
  const showDrawn = useDrawn && drawn !== null;
  useEffect(() => {
    send({ type: 'watch-conv', watch: true, sample, drawn: showDrawn ? drawn : null });
  }, [send, model, sample, showDrawn, drawn]);
  useEffect(() => () => send({ type: 'watch-conv', watch: false, sample: 0 }), [send]);
  const report = useWorkerReport(subscribe, 'conv-views');
  const rows = report?.testRows ?? 0;
  const shown = report && !report.message ? report.sample : sample;

  const picker = (
    <div className="conv-picker" role="group" aria-label="Test image">
      <button type="button" className="small" onClick={() => setSample(Math.max(0, shown - 1))} disabled={shown <= 0} aria-label="Previous test image">
        ‹
      </button>
      <label className="small">
        Test image{' '}
        <input
          type="number"
          min={0}
          max={Math.max(0, rows - 1)}
          value={sample}
          onChange={(e) => {
            const v = Math.floor(Number(e.target.value));
            if (Number.isFinite(v)) setSample(Math.max(0, Math.min(Math.max(0, rows - 1), v)));
          }}
          data-testid="conv-sample"
        />
      </label>
      <button type="button" className="small" onClick={() => setSample(Math.min(Math.max(0, rows - 1), shown + 1))} disabled={shown >= rows - 1} aria-label="Next test image">
        ›
      </button>
      {rows > 0 && <span className="muted small">of {rows}</span>}
      <label className="small" title={drawn ? undefined : "Draw on the evaluation panel's sketch pad first"}>
        <input type="checkbox" checked={showDrawn} disabled={!drawn} onChange={(e) => setUseDrawn(e.target.checked)} data-testid="conv-use-drawn" /> Use the drawn digit
      </label>
    </div>
  );
  const head = (
    <>
      <div className="inside-view-head">
        <h3>Conv filters and feature maps</h3>
      </div>
      {picker}
    </>
  );
  if (!report) return <div>{head}<p className="muted small">Computing the feature maps…</p></div>;
  if (report.message) return <div>{head}<p className="muted small">{report.message}</p></div>;
  return (
    <div data-testid="conv-view" data-drawn={report.drawn} data-step={report.globalStep} data-epoch={report.epoch} data-checksum={checksum(report.layers[0]?.values ?? [])}>
      {head}
      <div className="conv-sample">
        <SampleImage values={report.image} shape={report.imageShape} size={84} label={report.drawn ? 'The drawn digit' : `Test image ${report.sample}${report.label !== null ? `, class ${report.label}` : ''}`} testId="conv-image" />
        <p className="small muted">
          {report.drawn ? 'The drawn digit' : `Test image ${report.sample}`}
          {report.label !== null && <> · class {report.label}</>} · step {report.globalStep}
        </p>
      </div>
      {report.filters && <Filters filters={report.filters} />}
      {report.layers.map((l) => (
        <LayerMaps key={l.layer} layer={l} />
      ))}
    </div>
  );
}

function Filters({ filters: f }: { filters: NonNullable<ConvFromWorker['filters']> }) {
  const scale = maxAbs(f.weights);
  const rgb = f.cin === 3;
  const channels = rgb ? 1 : Math.min(f.cin, MAX_FILTER_CHANNELS);
  return (
    <section className="conv-layer" aria-label={`Filters of ${f.layer}`} data-testid="conv-filters">
      <h4 className="small">
        {f.layer} filters · {f.count} × {f.kh}×{f.kw}×{f.cin}
        <span className="muted"> · {rgb ? 'RGB, each filter scaled to its own range' : `orange negative, blue positive, ±${scale.toPrecision(3)}`}</span>
        {!rgb && f.cin > MAX_FILTER_CHANNELS && <span className="muted"> · input channels 1–{MAX_FILTER_CHANNELS} of {f.cin} shown</span>}
      </h4>
      <div className="conv-maps">
        {Array.from({ length: f.count }, (_, k) => {
          if (rgb) {
            // [kh, kw, 3] of filter k, min-max scaled.
            const px = new Float32Array(f.kh * f.kw * 3);
            let lo = Infinity;
            let hi = -Infinity;
            for (let p = 0; p < f.kh * f.kw * 3; p++) {
              px[p] = f.weights[p * f.count + k];
              lo = Math.min(lo, px[p]);
              hi = Math.max(hi, px[p]);
            }
            const scaled = px.map((v) => (v - lo) / (hi - lo || 1));
            return <SampleImage key={k} values={scaled} shape={[f.kh, f.kw, 3]} size={30} label={`Filter ${k + 1} of ${f.layer} as an RGB image`} />;
          }
          return Array.from({ length: channels }, (_, c) => (
            <MapCanvas
              key={`${k}-${c}`}
              w={f.kw}
              h={f.kh}
              values={f.weights}
              stride={f.count * f.cin}
              offset={c * f.count + k}
              color={(v) => playground(v / scale)}
              size={30}
              label={`Filter ${k + 1} of ${f.layer}${f.cin > 1 ? `, input channel ${c + 1}` : ''}`}
            />
          ));
        })}
      </div>
    </section>
  );
}

function LayerMaps({ layer: l }: { layer: FeatureMaps }) {
  const [H, W, C] = l.shape;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of l.values) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  lo = Math.min(0, lo);
  const span = hi - lo || 1;
  const shown = Math.min(C, CONV_MAX_CHANNELS);
  const size = Math.max(28, Math.min(56, W * 2));
  return (
    <section className="conv-layer" aria-label={`Feature maps of ${l.layer}`} data-testid={`conv-maps-${l.layer}`}>
      <h4 className="small">
        {l.layer} ({l.type}) · {H}×{W}×{C}
        <span className="muted">
          {' '}
          · black {lo.toPrecision(3)}, white {hi.toPrecision(3)}
          {C > shown && ` · ${shown} of ${C} channels shown, ${C - shown} hidden`}
        </span>
      </h4>
      <div className="conv-maps">
        {Array.from({ length: shown }, (_, c) => (
          <MapCanvas key={c} w={W} h={H} values={l.values} stride={C} offset={c} color={(v) => grey((v - lo) / span)} size={size} label={`${l.layer} channel ${c + 1}`} />
        ))}
      </div>
    </section>
  );
}
