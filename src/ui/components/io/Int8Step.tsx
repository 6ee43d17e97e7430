/**
 * The int8 export's extra step: measure the test accuracy of the quantized model (dequantized on
 * the GPU) next to the float model's, then download. The download appears once a measurement of
 * the current weights is on screen.
 */
import { formatBytes, formatLoss, formatPercent } from '../../format';
import type { Int8Job } from '../../io/io-state';

interface Props {
  job: Int8Job | null;
  current: boolean;
  classify: boolean;
  disabled: boolean;
  onMeasure: () => void;
  onDownload: () => void;
}

export function Int8Step({ job, current, classify, disabled, onMeasure, onDownload }: Props) {
  const report = job?.phase === 'done' && current ? job.report : null;
  return (
    <div className="int8-step">
      <button type="button" className="small" disabled={disabled} onClick={onMeasure} data-testid="int8-measure">
        {report ? 'Measure again' : 'Measure int8 accuracy'}
      </button>
      {job?.phase === 'working' && (
        <span className="int8-progress small" role="status" data-testid="int8-status">
          Measuring: the test set through the float model, then through the int8 model on the GPU…
          <progress aria-label="Measuring int8 accuracy" />
        </span>
      )}
      {job?.phase === 'failed' && (
        <span className="export-failed small" role="alert" data-testid="int8-status">
          {job.message}
        </span>
      )}
      {job?.phase === 'done' && !current && (
        <span className="muted small" role="status" data-testid="int8-status">
          The weights changed since the last measurement: measure again.
        </span>
      )}
      {report && (
        <>
          <span className="int8-result small" role="status" data-testid="int8-status">
            Test set ({report.count.toLocaleString('en-US')} samples):{' '}
            {classify ? (
              <>
                float <strong data-testid="int8-float-accuracy" data-value={report.float.accuracy}>{formatPercent(report.float.accuracy)}</strong> · int8{' '}
                <strong data-testid="int8-int8-accuracy" data-value={report.int8.accuracy}>{formatPercent(report.int8.accuracy)}</strong>
              </>
            ) : (
              <>
                float loss <strong data-testid="int8-float-loss">{formatLoss(report.float.loss)}</strong> · int8 loss{' '}
                <strong data-testid="int8-int8-loss">{formatLoss(report.int8.loss)}</strong>
              </>
            )}{' '}
            · weights {formatBytes(report.floatBytes)} → {formatBytes(report.int8Bytes)}
          </span>
          <button type="button" className="small" disabled={disabled} aria-label="Download int8 quantized weights" onClick={onDownload} data-testid="export-int8">
            Download
          </button>
        </>
      )}
    </div>
  );
}
