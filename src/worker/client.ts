/**
 * The UI's handle on the training worker: starts it, sends typed commands and fans typed
 * messages out to subscribers. When the worker crashes (an `error` event on the Worker), it is
 * replaced: a new worker gets `init`, the last model is rebuilt with the last weights the UI
 * received, and the standing watches are re-sent (see ReplayLog); subscribers stay subscribed and
 * get a `worker-restarted` message. At most `maxRestarts` restarts within `windowMs`; after that
 * the client says so (gaveUp) and stops. The worker is made by an injected factory, so all of
 * this runs under Node with a fake worker (test/worker/client.test.ts).
 */
import type { FromWorker, ToWorker } from './protocol';
import { ReplayLog } from './replay';

export type Listener = (msg: FromWorker) => void;

/** The part of a Worker the client uses. */
export interface WorkerLike {
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
  postMessage(msg: ToWorker, transfer: Transferable[]): void;
  terminate(): void;
}

export type WorkerFactory = () => WorkerLike;

export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  now: () => number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = { maxRestarts: 3, windowMs: 60_000, now: () => Date.now() };

const browserWorker: WorkerFactory = () => new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });

export class TrainerClient {
  private worker: WorkerLike | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly log = new ReplayLog();
  private readonly policy: RestartPolicy;
  /** Times of the restarts within the policy's window. */
  private restarts: number[] = [];

  constructor(
    private readonly factory: WorkerFactory = browserWorker,
    policy: Partial<RestartPolicy> = {},
  ) {
    this.policy = { ...DEFAULT_RESTART_POLICY, ...policy };
    this.worker = this.start();
  }

  /** Posts a command; `transfer` lists buffers handed over to the worker (e.g. an uploaded dataset's arrays). */
  send(cmd: ToWorker, transfer: Transferable[] = []): void {
    this.log.sent(cmd);
    this.worker?.postMessage(cmd, transfer);
  }

  /** Calls `listener` for every message from the worker; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
    this.stop();
  }

  private start(): WorkerLike {
    const w = this.factory();
    w.onmessage = (e) => {
      if (w !== this.worker) return;
      this.log.received(e.data);
      this.emit(e.data);
    };
    w.onerror = (e) => {
      e.preventDefault();
      if (w === this.worker) this.crashed(e.message || 'the worker failed to start');
    };
    w.onmessageerror = () => {
      if (w === this.worker) this.emit({ type: 'error', where: 'protocol', message: 'A worker message could not be decoded.' });
    };
    return w;
  }

  private stop(): void {
    const w = this.worker;
    this.worker = null;
    if (!w) return;
    w.onmessage = w.onerror = w.onmessageerror = null;
    w.terminate();
  }

  private crashed(reason: string): void {
    this.stop();
    const now = this.policy.now();
    this.restarts = this.restarts.filter((t) => now - t < this.policy.windowMs);
    const cause = ` (Cause: ${reason.replace(/\.$/, '')}.)`;
    if (this.restarts.length >= this.policy.maxRestarts) {
      const message = `The training worker crashed ${this.restarts.length + 1} times within ${Math.round(this.policy.windowMs / 1000)} s, so it was not restarted again. Reload the page to continue.${cause}`;
      this.emit({ type: 'worker-restarted', message, epoch: null, gaveUp: true });
      return;
    }
    this.restarts.push(now);
    const weights = this.log.weights;
    const what = !this.log.hasModel ? '' : weights ? `; the weights of epoch ${weights.epoch} were restored` : '; the model was rebuilt from fresh weights (no trained weights had reached the page)';
    // The notice goes first, so the page rolls its run back before the new worker's answers arrive.
    this.emit({ type: 'worker-restarted', message: `The training worker crashed and was restarted${what}.${cause}`, epoch: weights?.epoch ?? null, gaveUp: false });
    this.worker = this.start();
    for (const cmd of this.log.commands()) this.worker.postMessage(cmd, []);
  }

  private emit(msg: FromWorker): void {
    for (const l of this.listeners) l(msg);
  }
}
