/** Run controls: Train, Pause/Resume, Step (one batch), Stop, Reset weights. */
import { controlsFor } from '../../controls';
import type { RunStatus } from '../../../worker/protocol';

interface Props {
  status: RunStatus;
  blocked: boolean;
  commands: { train: () => void; pause: () => void; resume: () => void; stepBatch: () => void; stop: () => void; resetWeights: () => void };
}

export function Controls({ status, blocked, commands }: Props) {
  const can = controlsFor(status, blocked);
  const resuming = status === 'paused' || status === 'pausing';
  return (
    <div className="controls" role="group" aria-label="Training controls">
      <button type="button" className="primary" data-testid="train" disabled={!can.train} onClick={commands.train} aria-keyshortcuts="t">
        Train
      </button>
      <button
        type="button"
        data-testid="pause"
        disabled={resuming ? !can.resume : !can.pause}
        onClick={resuming ? commands.resume : commands.pause}
        aria-keyshortcuts="p"
      >
        {resuming ? 'Resume' : 'Pause'}
      </button>
      <button type="button" data-testid="step" disabled={!can.step} onClick={commands.stepBatch} title="Train one batch (one optimizer step), then pause" aria-keyshortcuts="s">
        Step
      </button>
      <button type="button" data-testid="stop" disabled={!can.stop} onClick={commands.stop}>
        Stop
      </button>
      <button type="button" data-testid="reset" disabled={!can.reset} onClick={commands.resetWeights} title="New random weights from the seed">
        Reset weights
      </button>
    </div>
  );
}
