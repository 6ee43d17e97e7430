/**
 * The UI's handle on the training worker: starts it, sends typed commands and fans typed
 * messages out to subscribers. Worker crashes arrive as `error` messages with where 'worker'.
 */
import type { FromWorker, ToWorker } from './protocol';

export type Listener = (msg: FromWorker) => void;

export class TrainerClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<Listener>();

  constructor() {
    this.worker = new Worker(new URL('./trainer.worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.emit(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.emit({ type: 'error', where: 'worker', message: e.message || 'The training worker failed to start.' });
    };
    this.worker.onmessageerror = () => this.emit({ type: 'error', where: 'protocol', message: 'A worker message could not be decoded.' });
  }

  /** Posts a command; `transfer` lists buffers handed over to the worker (e.g. an uploaded dataset's arrays). */
  send(cmd: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(cmd, transfer);
  }

  /** Calls `listener` for every message from the worker; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
    this.worker.terminate();
  }

  private emit(msg: FromWorker): void {
    for (const l of this.listeners) l(msg);
  }
}
