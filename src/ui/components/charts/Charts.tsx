/** The charts panel: loss (log-scale toggle) and accuracy, with a legend of earlier runs and how they differ. */
import { useMemo, useState } from 'react';
import type { UploadMeta } from '../../../data/uploads/types';
import { datasetName } from '../../model/dataset-name';
import type { RunRecord } from '../../project/types';
import { MetricChart } from './MetricChart';
import { currentLabel, lossCeiling, runLegend, runLines } from './series';

interface Props {
  current: RunRecord;
  history: RunRecord[];
  classify: boolean;
  /** Uploads, so runs on one are named by its file name. */
  uploads?: readonly UploadMeta[];
  onClearHistory: () => void;
}

const fmtLoss = (v: number) => (Math.abs(v) >= 100 || Math.abs(v) < 0.01 ? v.toExponential(0) : String(Number(v.toPrecision(2))));
const fmtAcc = (v: number) => `${Math.round(v * 100)}%`;
const ACC_DOMAIN: [(min: number) => number, (max: number) => number] = [(min) => Math.max(0, Math.floor(min * 10) / 10), () => 1];

const NO_UPLOADS: readonly UploadMeta[] = [];

export function Charts({ current, history, classify, uploads = NO_UPLOADS, onClearHistory }: Props) {
  const name = useMemo(() => (id: string) => datasetName(id, uploads), [uploads]);
  const [log, setLog] = useState(true);
  const lossLines = useMemo(() => runLines(current, history, 'loss', log), [current, history, log]);
  const accLines = useMemo(() => (classify ? runLines(current, history, 'acc', false) : []), [current, history, classify]);
  const legend = useMemo(() => runLegend(current, history, name), [current, history, name]);
  const lossDomain = useMemo((): [(min: number) => number, (max: number) => number] => {
    const cap = lossCeiling(lossLines);
    return [(min) => min, (max) => Math.min(max, cap)];
  }, [lossLines]);
  return (
    <section className="panel charts" aria-labelledby="charts-title">
      <div className="panel-head">
        <h2 id="charts-title">Curves</h2>
        <label className="toggle">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} data-testid="log-scale" />
          Log-scale loss
        </label>
      </div>
      <div className={classify ? 'chart-grid two' : 'chart-grid'}>
        <MetricChart title="Loss" lines={lossLines} logScale={log} format={fmtLoss} testId="loss-chart" pointCount={current.train.length} domain={lossDomain} />
        {classify && <MetricChart title="Accuracy" lines={accLines} logScale={false} format={fmtAcc} testId="accuracy-chart" pointCount={current.train.length} domain={ACC_DOMAIN} />}
      </div>
      <ul className="run-legend" aria-label="Runs" data-testid="run-legend">
        <li>
          <span className="swatch" style={{ background: 'var(--train)' }} aria-hidden="true" />
          <span className="swatch" style={{ background: 'var(--val)' }} aria-hidden="true" />
          <strong data-testid="run-current">{currentLabel(current, name)}</strong> <span className="muted">— solid: train, orange: validation</span>
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
