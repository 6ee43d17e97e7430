/**
 * Entry point of the training worker (a module Web Worker). Owns the GPUDevice through a
 * Session; turns incoming messages into session commands and posts the session's replies. The
 * only place that reads the browser's WebGPU entry point (navigator.gpu) for the session.
 */
import { gpuStarter } from './gpu-start';
import { Session } from './session';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const post = (m: FromWorker, transfer: Transferable[] = []): void => scope.postMessage(m, transfer);
// Read at every start: a worker without WebGPU gets `no-webgpu`, not an exception here.
const session = new Session(post, gpuStarter(() => ('gpu' in navigator ? navigator.gpu : undefined)));

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  try {
    session.handle(e.data);
  } catch (err) {
    post({ type: 'error', where: 'protocol', message: err instanceof Error ? err.message : String(err) });
  }
};

scope.onunhandledrejection = (e: PromiseRejectionEvent) => {
  const r: unknown = e.reason;
  post({ type: 'error', where: 'worker', message: r instanceof Error ? r.message : String(r) });
};
