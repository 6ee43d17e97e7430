/** What a training run reports: its settings, per-epoch metrics, progress between epochs and evaluations (trainer.ts). */
import type { LrSchedule } from './schedules';

export interface TrainConfig {
  batchSize: number;
  epochs: number;
  seed: number;
  schedule?: LrSchedule;
  /** Steps between metric readbacks (default: about 10 per epoch, at least every 50 steps). */
  readEvery?: number;
}

export interface EpochMetrics {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number | null;
  valAccuracy: number | null;
  samplesPerSec: number;
  seconds: number;
  lr: number;
  steps: number;
}

/** Where training is: the step the GPU has just finished (reported between metric reads). */
export type StepCount = Pick<StepProgress, 'epoch' | 'step' | 'stepsPerEpoch' | 'globalStep'>;

export interface StepProgress {
  epoch: number;
  /** Steps finished in this epoch (by the GPU) and the epoch's total. */
  step: number;
  stepsPerEpoch: number;
  globalStep: number;
  /** Mean loss and accuracy over the steps since the previous report. */
  loss: number;
  accuracy: number;
  samplesPerSec: number;
}

export interface EvalResult {
  loss: number;
  accuracy: number;
  count: number;
}
