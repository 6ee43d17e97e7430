/**
 * The drawing on the evaluation panel's sketch pad as the model sees it ([H, W, 1] in [0, 1]),
 * shared with the views that can show it too (the conv view's "use the drawn digit"): a tiny
 * page-wide store written by DrawToClassify and read with `useDrawnInput`. Null: nothing drawn.
 */
import { useSyncExternalStore } from 'react';

let drawn: Float32Array | null = null;
const listeners = new Set<() => void>();

export function setDrawnInput(x: Float32Array | null): void {
  if (x === drawn) return;
  drawn = x;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The latest drawing (re-renders when it changes). */
export function useDrawnInput(): Float32Array | null {
  return useSyncExternalStore(subscribe, () => drawn);
}
