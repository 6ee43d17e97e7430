/** The run's status, a progress bar over the current round, epoch, step, samples/s and ETA. */
import { formatDuration, formatRate } from '../../format';
import type { ProgressReport, RunStatus } from '../../../worker/protocol';

const STATUS_TEXT: Record<RunStatus, string> = {
  starting: 'Starting',
  empty: 'No model',
  loading: 'Building',
  ready: 'Ready',
  training: 'Training',
  pausing: 'Pausing',
  paused: 'Paused',
  stopping: 'Stopping',
  lost: 'GPU lost',
};

interface Props {
  status: RunStatus;
  epoch: number;
  epochs: number;
  batchSize: number;
  progress: ProgressReport | null;
}

export function ProgressBar({ status, epoch, epochs, batchSize, progress }: Props) {
  const running = status === 'training' || status === 'pausing' || status === 'stopping';
  const p = progress;
  const done = p ? p.epoch + p.step / Math.max(1, p.stepsPerEpoch) : epoch;
  const fraction = epochs > 0 ? Math.min(1, done / epochs) : 0;
  // Keras's convention: "Epoch 1 / 2" while the first epoch runs, also when paused inside it.
  const inEpoch = p !== null && (running || (p.epoch === epoch && p.step < p.stepsPerEpoch));
  const shownEpoch = inEpoch ? p.epoch + 1 : epoch;
  const stepsPerSec = p && batchSize > 0 ? p.samplesPerSec / batchSize : 0;
  const remaining = p ? Math.max(0, (epochs - done) * p.stepsPerEpoch) : 0;
  const eta = running && stepsPerSec > 0 ? formatDuration(remaining / stepsPerSec) : null;
  return (
    <div className="progress-block">
      <div className="progress-line">
        <span className={`status status-${status}`} role="status" data-testid="run-status">
          {STATUS_TEXT[status]}
        </span>
        <span data-testid="progress" className="progress-text">
          Epoch {shownEpoch} / {epochs}
          {p && (
            <>
              {' '}
              · step {p.step} / {p.stepsPerEpoch} · {formatRate(p.samplesPerSec)} samples/s
            </>
          )}
          {eta && <> · ETA {eta}</>}
        </span>
      </div>
      <progress className="bar" max={1} value={fraction} aria-label="Progress of this training round" data-testid="progress-bar" />
    </div>
  );
}
