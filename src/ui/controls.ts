/** Which run commands make sense in each worker status (drives the enabled state of buttons). */
import type { RunStatus } from '../worker/protocol';

export interface ControlAvailability {
  train: boolean;
  pause: boolean;
  resume: boolean;
  step: boolean;
  stop: boolean;
  reset: boolean;
  evaluate: boolean;
}

/** `blocked`: the model on screen cannot train (invalid, or does not fit its dataset). */
export function controlsFor(status: RunStatus, blocked = false): ControlAvailability {
  const idle = status === 'ready' || status === 'paused' || status === 'empty';
  return {
    train: idle && !blocked,
    pause: status === 'training',
    resume: (status === 'paused' || status === 'pausing') && !blocked,
    step: idle && !blocked,
    stop: status === 'training' || status === 'pausing' || status === 'paused',
    reset: idle && !blocked,
    evaluate: (status === 'ready' || status === 'paused') && !blocked,
  };
}
