/**
 * The real worker Session under Node on Dawn's WebGPU: started, initialised and ready, with every
 * message it posts recorded, and `until` to wait for one. For tests of the worker's own behaviour.
 */
import { nodeGpuContext } from '../../src/gpu/node-device';
import type { LoadedModel } from '../../src/worker/model-loader';
import type { FromWorker, ToWorker } from '../../src/worker/protocol';

export interface NodeSession {
  session: { handle(m: ToWorker): void; readonly model: LoadedModel | null };
  /** Every message the session posted, in order. */
  got: FromWorker[];
  /** The first message from index `from` on that matches; fails on a timeout (or, with failOnError, on an error message). */
  until(pred: (m: FromWorker) => boolean, from: number, ms?: number): Promise<FromWorker>;
}

export async function startNodeSession(opts: { failOnError?: boolean } = {}): Promise<NodeSession> {
  await nodeGpuContext(); // installs WebGPU's globals
  const { create } = await import('webgpu');
  // The session gets its device from the starter it is given: Dawn's entry point here, navigator.gpu in the worker.
  const gpu = create([]);
  const { Session } = await import('../../src/worker/session');
  const { gpuStarter } = await import('../../src/worker/gpu-start');
  const got: FromWorker[] = [];
  const session = new Session((m) => got.push(m), gpuStarter(() => gpu));
  const until = async (pred: (m: FromWorker) => boolean, from: number, ms = 120_000): Promise<FromWorker> => {
    const t0 = Date.now();
    for (;;) {
      const hit = got.slice(from).find(pred);
      if (hit) return hit;
      const err = opts.failOnError ? got.slice(from).find((m) => m.type === 'error') : undefined;
      if (err) throw new Error(`worker error: ${JSON.stringify(err)}`);
      if (Date.now() - t0 > ms) throw new Error(`timed out; got ${got.slice(from).map((m) => m.type).join(' ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  session.handle({ type: 'init' });
  await until((m) => m.type === 'ready', 0);
  return { session, got, until };
}
