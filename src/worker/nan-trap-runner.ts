/**
 * The worker's NaN trap: one trap (engine/inspect/nan-trap.ts) per trainer, with its checkpoint
 * ring taken at every metric read; a run takes a checkpoint as it starts, and a diverged run asks
 * the trap for the culprit. A trap that fails only loses its line, never the divergence report.
 */
import { NanTrap, type NanCulprit } from '../engine/inspect/nan-trap';
import type { Trainer } from '../engine/trainer';

const traps = new WeakMap<Trainer, NanTrap>();

function trapFor(t: Trainer): NanTrap {
  let trap = traps.get(t);
  if (!trap) {
    trap = new NanTrap(t);
    traps.set(t, trap);
  }
  return trap;
}

/**
 * Before a run's first step: the weights as they are, so the run's first steps can be replayed.
 * Earlier runs' checkpoints go (weights may have been imported or restored since).
 */
export function checkpointRunStart(t: Trainer): void {
  const ring = trapFor(t).ring;
  ring.clear();
  ring.snapshot();
}

/** The first layer and pass that produced a non-finite value (null when not reproduced, or when the trap failed). */
export async function findCulprit(t: Trainer, badAt: { epoch: number; step: number } | null): Promise<NanCulprit | null> {
  try {
    return await trapFor(t).find(badAt ?? undefined);
  } catch (e) {
    console.warn('NaN trap failed:', e);
    return null;
  }
}
