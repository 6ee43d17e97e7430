/**
 * The latest worker message of one type, read straight from the worker client (not through the
 * UI reducer), while the component is mounted; null until the first one arrives.
 */
import { useEffect, useState } from 'react';
import type { Listener } from '../../../worker/client';
import type { FromWorker } from '../../../worker/protocol';

export function useWorkerReport<K extends FromWorker['type']>(
  subscribe: (listener: Listener) => () => void,
  type: K,
  accept: (msg: Extract<FromWorker, { type: K }>) => boolean = () => true,
): Extract<FromWorker, { type: K }> | null {
  const [latest, setLatest] = useState<Extract<FromWorker, { type: K }> | null>(null);
  useEffect(
    () =>
      subscribe((msg) => {
        if (msg.type === type && accept(msg as Extract<FromWorker, { type: K }>)) setLatest(msg as Extract<FromWorker, { type: K }>);
      }),
    // `accept` is read at message time; a new function each render must not resubscribe.
    [subscribe, type],
  );
  return latest;
}
