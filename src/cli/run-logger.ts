/**
 * The logs every run writes beside log.json, as Keras's callbacks do:
 *   RUN/metrics.csv                          CSVLogger (rewritten atomically after each epoch)
 *   RUN/tensorboard/train/events.out.tfevents.*       epoch_loss, epoch_accuracy,
 *                                                     epoch_learning_rate per epoch; batch_loss
 *                                                     every few steps (at the global step);
 *                                                     with --stats-every, per-layer histograms
 *                                                     <layer>/{weights,gradients,activations}
 *   RUN/tensorboard/validation/events.out.tfevents.*  epoch_loss, epoch_accuracy per epoch
 * A resumed run adds new event files to the same folders (readers merge them by step).
 */
import { join } from 'node:path';
import { writeAtomic } from './checkpoint';
import { metricsCsv, type EpochLog } from './keras-logs';
import { EventFileWriter, type HistogramData } from './tfevents';

export const METRICS_CSV = 'metrics.csv';
export const TENSORBOARD_DIR = 'tensorboard';

export class RunLogger {
  private readonly train: EventFileWriter;
  private readonly validation: EventFileWriter;

  constructor(private readonly out: string) {
    this.train = new EventFileWriter(join(out, TENSORBOARD_DIR, 'train'));
    this.validation = new EventFileWriter(join(out, TENSORBOARD_DIR, 'validation'));
  }

  /** The mean loss of the steps up to `globalStep` (a progress report). */
  batch(globalStep: number, loss: number): void {
    this.train.scalar('batch_loss', loss, globalStep);
  }

  /** A sampled distribution (written with the next epoch's scalars). */
  histogram(tag: string, h: HistogramData, globalStep: number): void {
    this.train.histogram(tag, h, globalStep);
  }

  /** After each epoch: metrics.csv of every epoch so far, and the newest epoch's scalars. */
  epoch(history: readonly EpochLog[]): void {
    writeAtomic(join(this.out, METRICS_CSV), metricsCsv(history));
    const e = history[history.length - 1];
    this.train.scalar('epoch_loss', e.loss, e.epoch);
    if (e.accuracy !== undefined) this.train.scalar('epoch_accuracy', e.accuracy, e.epoch);
    this.train.scalar('epoch_learning_rate', e.learning_rate, e.epoch);
    if (e.val_loss !== undefined) this.validation.scalar('epoch_loss', e.val_loss, e.epoch);
    if (e.val_accuracy !== undefined) this.validation.scalar('epoch_accuracy', e.val_accuracy, e.epoch);
    this.train.flush();
    this.validation.flush();
  }
}
