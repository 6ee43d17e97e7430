/**
 * The worker's answer to a `profile` request (protocol-inside.ts): one training step of the built
 * model timed per layer and pass (engine/inspect/profile.ts), queued behind other GPU work and
 * refused while a run is under way (the profile would slow it and be slowed by it). The weights
 * are left as they were.
 */
import { profileStep } from '../../engine/inspect/profile';
import { messageOf, NO_MODEL_MESSAGE, type SessionCore } from '../session-core';

const BUSY = ['training', 'pausing', 'stopping'] as const;

export function requestProfile(core: SessionCore, id: number): void {
  const refuse = (error: string) => core.post({ type: 'profile-report', id, profile: null, error });
  if ((BUSY as readonly string[]).includes(core.status)) return refuse('Training is running: pause or stop it, then profile one step.');
  core.enqueue('train', async () => {
    const m = core.model;
    if (core.lost || !m) return refuse(core.lost ? 'The GPU device was lost.' : NO_MODEL_MESSAGE);
    if ((BUSY as readonly string[]).includes(core.status)) return refuse('Training is running: pause or stop it, then profile one step.');
    try {
      core.post({ type: 'profile-report', id, profile: await profileStep(m.trainer, { budgetMs: 5000 }), error: null });
    } catch (e) {
      refuse(`The profile failed: ${messageOf(e)}`);
    }
  });
}
