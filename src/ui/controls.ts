/** Which run commands make sense in each worker status (drives the enabled state of buttons). */
import type { RunStatus } from '../worker/protocol';

export interface ControlAvailability {
  train: boolean;
  /** The pause button pauses a run, or resumes a paused one. */
  pause: boolean;
  resume: boolean;
  step: boolean;
  stop: boolean;
  reset: boolean;
  evaluate: boolean;
}

export function controlsFor(status: RunStatus): ControlAvailability {
  const idle = status === 'ready' || status === 'paused';
  return {
    train: idle,
    pause: status === 'training',
    resume: status === 'paused' || status === 'pausing',
    step: idle,
    stop: status === 'training' || status === 'pausing' || status === 'paused',
    reset: idle,
    evaluate: idle,
  };
}
