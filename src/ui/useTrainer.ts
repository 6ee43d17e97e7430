/**
 * React binding of the worker client: starts one worker per mounted page, asks for the GPU and
 * the first preset, batches incoming messages into at most one state update per ~30 ms, and
 * exposes the state with typed commands.
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { TrainerClient } from '../worker/client';
import type { FromWorker, ToWorker } from '../worker/protocol';
import { initialState, reduce, type UiState } from './state';

const BATCH_MS = 30;

export interface TrainerHandle {
  state: UiState;
  send: (cmd: ToWorker) => void;
  selectPreset: (presetId: string) => void;
  dismissError: (id: number) => void;
}

export function useTrainer(): TrainerHandle {
  const [state, dispatch] = useReducer(reduce, undefined, () => initialState());
  const clientRef = useRef<TrainerClient | null>(null);
  const firstPreset = useRef(state.presetId);

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
    });
    client.send({ type: 'init' });
    client.send({ type: 'load', source: { kind: 'preset', presetId: firstPreset.current } });
    return () => {
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
      client.dispose();
      clientRef.current = null;
    };
  }, []);

  const send = useCallback((cmd: ToWorker) => clientRef.current?.send(cmd), []);
  const selectPreset = useCallback(
    (presetId: string) => {
      dispatch({ kind: 'select-preset', presetId });
      send({ type: 'load', source: { kind: 'preset', presetId } });
    },
    [send],
  );
  const dismissError = useCallback((id: number) => dispatch({ kind: 'dismiss-error', id }), []);
  return { state, send, selectPreset, dismissError };
}
