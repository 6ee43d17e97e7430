/**
 * The session's GPU start-up goes through the starter it is given (it never reads navigator):
 * without a WebGPU entry point `init` answers `no-webgpu` with the worker's sentence, and commands
 * that need the GPU are refused with an error rather than thrown.
 */
import { describe, expect, it } from 'vitest';
import { gpuStarter, NO_WORKER_WEBGPU } from '../../src/worker/gpu-start';
import type { FromWorker } from '../../src/worker/protocol';
import { Session } from '../../src/worker/session';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
}

describe('Session start-up without WebGPU', () => {
  it('answers init with no-webgpu and refuses training', async () => {
    const got: FromWorker[] = [];
    let asked = 0;
    const session = new Session((m) => got.push(m), gpuStarter(() => (asked++, undefined)));
    session.handle({ type: 'init' });
    await settle();
    expect(asked).toBe(1);
    expect(got).toEqual([{ type: 'no-webgpu', message: NO_WORKER_WEBGPU }]);
    session.handle({ type: 'train' });
    expect(got.at(-1)).toEqual({ type: 'error', where: 'train', message: 'The GPU is not ready.' });
  });

  it('reports a starter failure as no-webgpu with its message', async () => {
    const got: FromWorker[] = [];
    const session = new Session((m) => got.push(m), () => Promise.reject(new Error('No adapter here.')));
    session.handle({ type: 'init' });
    await settle();
    expect(got).toEqual([{ type: 'no-webgpu', message: 'No adapter here.' }]);
  });
});
