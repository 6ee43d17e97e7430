/**
 * Development-only render counts of the heavy panels: `counted(name, C)` is `memo(C)` that, in a
 * dev build, adds one to `window.__renderCounts[name]` each time the panel really renders (a memo
 * bail-out does not count). The e2e spec one-screen-perf checks that training progress leaves the
 * canvas, palette and inspector alone. Production builds count nothing.
 */
import { createElement, memo, type ComponentType } from 'react';

declare global {
  interface Window {
    __renderCounts?: Record<string, number>;
  }
}

const DEV = import.meta.env.DEV;

export function countRender(name: string): void {
  if (!DEV || typeof window === 'undefined') return;
  const counts = (window.__renderCounts ??= {});
  counts[name] = (counts[name] ?? 0) + 1;
}

/** `memo(C)`, counting real renders under `name` in development builds. */
export function counted<P extends object>(name: string, C: ComponentType<P>) {
  if (!DEV) return memo(C);
  function Counted(props: P) {
    countRender(name);
    return createElement(C, props);
  }
  Counted.displayName = `Counted(${name})`;
  return memo(Counted);
}
