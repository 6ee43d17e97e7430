/** The run's status, epoch, step and throughput on one line. */
import { formatRate } from '../format';
import type { ProgressReport, RunStatus } from '../../worker/protocol';

const STATUS_TEXT: Record<RunStatus, string> = {
  starting: 'Starting',
  empty: 'No model',
  loading: 'Loading',
  ready: 'Ready',
  training: 'Training',
  pausing: 'Pausing after this epoch',
  paused: 'Paused',
  stopping: 'Stopping',
  lost: 'GPU lost',
};

interface Props {
  status: RunStatus;
  epoch: number;
  epochs: number;
  progress: ProgressReport | null;
}

export function ProgressLine({ status, epoch, epochs, progress }: Props) {
  const running = status === 'training' || status === 'pausing' || status === 'stopping';
  // While running show the epoch in progress (1-based); otherwise the epochs finished.
  const shownEpoch = running && progress ? progress.epoch + 1 : epoch;
  return (
    <p className="progress">
      <span className={`status status-${status}`} role="status">
        {STATUS_TEXT[status]}
      </span>
      <span data-testid="progress">
        Epoch {shownEpoch} / {epochs}
        {progress && (
          <>
            {' '}
            · step {progress.step} / {progress.stepsPerEpoch} · {formatRate(progress.samplesPerSec)} samples/s
          </>
        )}
      </span>
    </p>
  );
}
