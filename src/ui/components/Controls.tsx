/** Run controls: Train, Pause/Resume, Step (one epoch), Stop, Reset. */
import { controlsFor } from '../controls';
import type { RunStatus, ToWorker } from '../../worker/protocol';

interface Props {
  status: RunStatus;
  send: (cmd: ToWorker) => void;
}

export function Controls({ status, send }: Props) {
  const can = controlsFor(status);
  const resuming = can.resume;
  return (
    <div className="controls" role="group" aria-label="Training controls">
      <button type="button" className="primary" data-testid="train" disabled={!can.train} onClick={() => send({ type: 'train' })}>
        Train
      </button>
      <button
        type="button"
        data-testid="pause"
        disabled={!can.pause && !resuming}
        onClick={() => send({ type: resuming ? 'resume' : 'pause' })}
      >
        {resuming ? 'Resume' : 'Pause'}
      </button>
      <button type="button" data-testid="step" disabled={!can.step} onClick={() => send({ type: 'step' })} title="Train one epoch, then pause">
        Step epoch
      </button>
      <button type="button" data-testid="stop" disabled={!can.stop} onClick={() => send({ type: 'stop' })}>
        Stop
      </button>
      <button type="button" data-testid="reset" disabled={!can.reset} onClick={() => send({ type: 'reset' })} title="New random weights">
        Reset
      </button>
    </div>
  );
}
