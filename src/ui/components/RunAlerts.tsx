/** Banners for a diverged run (restore the last good weights, or reset) and a lost GPU device (recover). */
import type { Divergence } from '../state';

interface Props {
  diverged: Divergence | null;
  deviceLost: { message: string; canRecover: boolean } | null;
  onRestore: () => void;
  onReset: () => void;
  onRecover: () => void;
}

export function RunAlerts({ diverged, deviceLost, onRestore, onReset, onRecover }: Props) {
  return (
    <>
      {diverged && (
        <div className="alert warn" role="alert" data-testid="diverged">
          <p>
            <strong>Training diverged.</strong> {diverged.message}
          </p>
          {diverged.culprit && (
            <p data-testid="nan-culprit">
              <strong>First non-finite value:</strong> {diverged.culprit.message}
            </p>
          )}
          <div className="button-row">
            {diverged.snapshotEpoch !== null && (
              <button type="button" className="primary" onClick={onRestore} data-testid="restore-snapshot">
                Restore weights from epoch {diverged.snapshotEpoch}
              </button>
            )}
            <button type="button" onClick={onReset}>
              Reset weights
            </button>
          </div>
        </div>
      )}
      {deviceLost && (
        <div className="alert bad" role="alert" data-testid="device-lost">
          <p>
            <strong>The GPU device was lost.</strong> {deviceLost.message}
          </p>
          <button type="button" className="primary" onClick={onRecover} data-testid="recover">
            {deviceLost.canRecover ? 'Recover and continue' : 'Recover'}
          </button>
        </div>
      )}
    </>
  );
}
