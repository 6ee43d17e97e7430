/**
 * The charts panel: loss and accuracy over epochs with a legend of earlier runs and how they differ.
 * Training curves are smoothed as TensorBoard does (slider, raw points faint behind); the loss axis
 * turns logarithmic when the loss spans more than two decades (or as the toggle says). Downloads:
 * the curves as CSV (Keras CSVLogger names) and the charts as PNG.
 */
import { useMemo, useRef, useState } from 'react';
import type { UploadMeta } from '../../../data/uploads/types';
import { datasetName } from '../../model/dataset-name';
import type { RunRecord } from '../../project/types';
import { accuracyAxis, epochAxis, lossAxis, prefersLog } from './axes';
import { curvesCsv } from './csv';
import { chartsPng, saveBlob, saveText, type KeyEntry } from './download';
import { MetricChart } from './MetricChart';
import { currentLabel, lineValues, lineXMax, runLegend, runLines, SERIES } from './series';
import { DEFAULT_SMOOTHING, MAX_SMOOTHING } from './smoothing';
import './charts.css';

interface Props {
  current: RunRecord;
  history: RunRecord[];
  classify: boolean;
  /** Uploads, so runs on one are named by its file name. */
  uploads?: readonly UploadMeta[];
  onClearHistory: () => void;
}

const fmtValue = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4))));
const fmtPercent = (v: number) => `${(v * 100).toFixed(1)}%`;

const NO_UPLOADS: readonly UploadMeta[] = [];

/** A colour as the browser resolves it inside `el` (CSS variables followed). */
function resolveColor(el: Element, color: string): string {
  const m = /^var\((--[\w-]+)\)$/.exec(color);
  return m ? getComputedStyle(el).getPropertyValue(m[1]).trim() || color : color;
}

export function Charts({ current, history, classify, uploads = NO_UPLOADS, onClearHistory }: Props) {
  const name = useMemo(() => (id: string) => datasetName(id, uploads), [uploads]);
  const [logChoice, setLogChoice] = useState<boolean | null>(null);
  const [smoothing, setSmoothing] = useState(DEFAULT_SMOOTHING);
  const [note, setNote] = useState('');
  const section = useRef<HTMLElement>(null);
  const linear = useMemo(() => runLines(current, history, 'loss', false, smoothing), [current, history, smoothing]);
  const autoLog = useMemo(() => prefersLog(lineValues(linear)), [linear]);
  const log = logChoice ?? autoLog;
  const lossLines = useMemo(() => (log ? runLines(current, history, 'loss', true, smoothing) : linear), [log, linear, current, history, smoothing]);
  const accLines = useMemo(() => (classify ? runLines(current, history, 'acc', false, smoothing) : []), [current, history, classify, smoothing]);
  const legend = useMemo(() => runLegend(current, history, name), [current, history, name]);
  const x = useMemo(() => epochAxis(Math.max(lineXMax(lossLines), lineXMax(accLines))), [lossLines, accLines]);
  const yLoss = useMemo(() => lossAxis(lineValues(lossLines), log), [lossLines, log]);
  const yAcc = useMemo(() => accuracyAxis(lineValues(accLines)), [accLines]);
  const hasPoints = current.train.length + current.val.length > 0 || history.some((r) => r.train.length + r.val.length > 0);

  const downloadCsv = () => saveText(curvesCsv([...history, current].sort((a, b) => a.id - b.id)), 'training-curves.csv');
  const downloadPng = async () => {
    const root = section.current;
    if (!root) return;
    const key: KeyEntry[] = [
      { label: smoothing > 0 ? `${SERIES.train.label} (smoothed ${smoothing})` : SERIES.train.label, color: resolveColor(root, SERIES.train.color), dashed: false },
      { label: SERIES.validation.label, color: resolveColor(root, SERIES.validation.color), dashed: false },
      ...legend.map((r) => ({ label: r.label, color: r.color, dashed: true })),
    ];
    try {
      saveBlob(await chartsPng(root, key), 'training-curves.png');
      setNote('');
    } catch (e) {
      setNote(`The PNG could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return (
    <section className="panel charts" aria-labelledby="charts-title" ref={section}>
      <div className="panel-head">
        <h2 id="charts-title">Curves</h2>
        <div className="chart-controls">
          <label className="toggle" title="Automatic: on when the loss spans more than two decades">
            <input type="checkbox" checked={log} onChange={(e) => setLogChoice(e.target.checked)} data-testid="log-scale" />
            Log-scale loss
          </label>
          <label className="toggle smoothing" title="TensorBoard-style smoothing of the training curves (exponential moving average); 0 shows the raw points">
            Smoothing
            <input
              type="range"
              min={0}
              max={MAX_SMOOTHING}
              step={0.01}
              value={smoothing}
              onChange={(e) => setSmoothing(Number(e.target.value))}
              data-testid="chart-smoothing"
            />
            <output data-testid="chart-smoothing-value">{smoothing.toFixed(2)}</output>
          </label>
          <button type="button" className="small" disabled={!hasPoints} onClick={downloadCsv} data-testid="charts-download-csv">
            Download CSV
          </button>
          <button type="button" className="small" disabled={!hasPoints} onClick={() => void downloadPng()} data-testid="charts-download-png">
            Download PNG
          </button>
        </div>
      </div>
      <div className={classify ? 'chart-grid two' : 'chart-grid'}>
        <MetricChart title="Loss" lines={lossLines} x={x} y={yLoss} format={fmtValue} testId="loss-chart" pointCount={current.train.length} valPointCount={current.val.length} />
        {classify && (
          <MetricChart title="Accuracy" lines={accLines} x={x} y={yAcc} format={fmtPercent} testId="accuracy-chart" pointCount={current.train.length} valPointCount={current.val.length} />
        )}
      </div>
      {note && (
        <p className="alert warn small" role="status">
          {note}
        </p>
      )}
      <ul className="run-legend" aria-label="Runs" data-testid="run-legend">
        <li>
          <strong data-testid="run-current">{currentLabel(current, name)}</strong>
          <span className="series-key">
            <span className="key-item">
              <span className="swatch" style={{ background: SERIES.train.color }} aria-hidden="true" data-testid="legend-swatch-train" />
              {SERIES.train.label}
              {smoothing > 0 && <span className="muted"> (smoothed; raw points faint)</span>}
            </span>
            <span className="key-item">
              <span className="swatch" style={{ background: SERIES.validation.color }} aria-hidden="true" data-testid="legend-swatch-validation" />
              {SERIES.validation.label}
            </span>
          </span>
        </li>
        {legend.map((r) => (
          <li key={r.key}>
            <span className="swatch dashed" style={{ borderColor: r.color }} aria-hidden="true" />
            <strong>{r.label}</strong> <span className="muted">{r.detail}</span>
          </li>
        ))}
      </ul>
      {history.length > 0 && (
        <button type="button" className="small" onClick={onClearHistory}>
          Clear earlier runs
        </button>
      )}
    </section>
  );
}
