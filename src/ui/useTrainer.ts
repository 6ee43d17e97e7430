/**
 * React binding of the worker client: starts one worker per mounted page (the client replaces
 * it after a crash and posts `worker-restarted`; see worker/client.ts), asks for the GPU,
 * batches incoming messages into at most one state update per ~30 ms, and exposes the state with
 * the raw command sender and the reducer's dispatch (for UI-side actions).
 */
import { useCallback, useEffect, useReducer, useRef, type Dispatch } from 'react';
import { TrainerClient, type Listener } from '../worker/client';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { initialState, reduce, type UiAction, type UiState } from './state';

const BATCH_MS = 30;

export interface TrainerHandle {
  state: UiState;
  send: (cmd: ToWorker, transfer?: Transferable[]) => void;
  dispatch: Dispatch<UiAction>;
  /** Every worker message, unbatched (the inside views read their own reports; returns the unsubscribe). */
  subscribe: (listener: Listener) => () => void;
}

export function useTrainer(): TrainerHandle {
  const [state, dispatch] = useReducer(reduce, undefined, initialState);
  const clientRef = useRef<TrainerClient | null>(null);
  const queued = useRef<[ToWorker, Transferable[] | undefined][]>([]);
  /** The inside views' listeners: kept here (a client is replaced in strict mode) and fed every message. */
  const listeners = useRef(new Set<Listener>());

  useEffect(() => {
    const client = new TrainerClient();
    clientRef.current = client;
    let batch: FromWorker[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const messages = batch;
      batch = [];
      dispatch({ kind: 'worker', messages });
    };
    const unsubscribe = client.subscribe((msg) => {
      batch.push(msg);
      timer ??= setTimeout(flush, BATCH_MS);
      for (const l of listeners.current) l(msg);
    });
    client.send({ type: 'init' });
    for (const [cmd, transfer] of queued.current) client.send(cmd, transfer);
    queued.current = [];
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
      client.dispose();
      clientRef.current = null;
    };
  }, []);

  const send = useCallback((cmd: ToWorker, transfer?: Transferable[]) => {
    if (clientRef.current) clientRef.current.send(cmd, transfer);
    else queued.current.push([cmd, transfer]);
  }, []);
  // Development builds only: lets e2e tests send protocol commands (e.g. simulate a lost device).
  useEffect(() => {
    if (!import.meta.env.DEV) return;
    (window as unknown as { __playgroundSend?: (cmd: ToWorker) => void }).__playgroundSend = send;
  }, [send]);
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);
  return { state, send, dispatch, subscribe };
}
