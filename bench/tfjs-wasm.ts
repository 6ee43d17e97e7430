/**
 * TensorFlow.js's WebAssembly backend for the bench page: registers @tensorflow/tfjs-backend-wasm
 * with its .wasm files served by the bench's Vite server under WASM_PREFIX (bench/run.ts serves them
 * from node_modules) and, once the backend is ready, reports which build runs: SIMD or not, and
 * threads (only when the page is cross-origin isolated, which the bench server's COOP/COEP headers
 * allow) with their count: all logical cores (navigator.hardwareConcurrency).
 */
import type * as TF from '@tensorflow/tfjs';

/** URL prefix of the backend's .wasm files (must match the middleware in bench/run.ts). */
export const WASM_PREFIX = '/__tfjs-wasm/';

let threadsCount: () => number = () => 0;

/** Imports the backend and points it at the served .wasm files; call before tf.setBackend('wasm'). */
export async function prepareWasm(): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(WASM_PREFIX);
  // tfjs's default pool is half the logical cores (at most 4); the bench gives it all of them, as ours and PyTorch get.
  if (globalThis.crossOriginIsolated === true) wasm.setThreadsCount(navigator.hardwareConcurrency || 1);
  threadsCount = wasm.getThreadsCount;
}

/** Which wasm build runs (after tf.ready() on the wasm backend). */
export async function wasmNotes(tf: typeof TF): Promise<Record<string, string | number | boolean>> {
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return {
    wasmSimd: simd,
    wasmThreads: threads,
    wasmThreadsCount: threads ? threadsCount() : 1,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
  };
}
