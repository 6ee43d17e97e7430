/**
 * `npm run train -- --resume RUN_DIR`: a run continued where its last checkpoint stopped. The
 * checkpoint holds the weights (weights.safetensors), the optimizer's slots and step
 * (optimizer-state.safetensors) and the epochs so far (log.json); the trainer gets all three back
 * (the step counter drives Adam's bias correction, the learning-rate schedule and dropout's seeds;
 * the epoch counter the shuffle order), so with the same data, seed and batch size the resumed
 * epochs are the ones an uninterrupted run would have trained. Not restored: the state of a
 * 'plateau' schedule (its best loss and wait count restart from the resumed epoch).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OptimizerState, Trainer } from '../engine/trainer';
import { assertFiniteWeights } from '../io/finite';
import { decodeOptimizerState, OPTIMIZER_STATE_FILE } from '../io/optimizer-state-file';
import { UsageError } from './args';
import { runEpochs, type Run } from './run-dir';
import type { EpochLog } from './keras-logs';

export interface Checkpoint {
  params: Float32Array;
  optimizer: OptimizerState;
  epochs: EpochLog[];
}

/** The run's checkpoint, every part checked against its model. */
export function readCheckpoint(run: Run): Checkpoint {
  const statePath = join(run.dir, OPTIMIZER_STATE_FILE);
  if (!existsSync(statePath)) throw new UsageError(`--resume ${run.dir}: ${statePath} does not exist (the run saved no optimizer state to continue from)`);
  let optimizer: OptimizerState;
  try {
    optimizer = decodeOptimizerState(new Uint8Array(readFileSync(statePath)), run.model.spec);
    assertFiniteWeights('the optimizer state', Object.entries(optimizer.slots));
  } catch (e) {
    throw new UsageError(`${statePath}: ${(e as Error).message}`);
  }
  const epochs = runEpochs(run.log);
  if (epochs.length === 0) throw new UsageError(`--resume ${run.dir}: its log.json records no finished epoch`);
  const steps = epochs.reduce((a, e) => a + e.steps, 0);
  if (steps > 0 && steps !== optimizer.step) {
    throw new UsageError(`--resume ${run.dir}: log.json records ${steps} steps in ${epochs.length} epochs but the optimizer state is at step ${optimizer.step}; the files are from different runs`);
  }
  return { params: run.model.params, optimizer, epochs };
}

/** Puts the checkpoint into a freshly created trainer of the same model. */
export function restoreCheckpoint(trainer: Trainer, c: Checkpoint): void {
  trainer.writeParams(c.params);
  try {
    trainer.writeOptimizerState(c.optimizer);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  trainer.epoch = c.epochs.length;
}
