/**
 * `value`, passed on at most once per `interval()` ms (the last value always arrives, at most one
 * interval late): the curves redraw a few times a second while progress messages arrive ~20 times
 * a second. `useRenderCost` measures what each redraw cost, so the interval can follow it.
 */
import { startTransition, useEffect, useLayoutEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, interval: () => number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  const intervalRef = useRef(interval);
  intervalRef.current = interval;
  useEffect(() => {
    const wait = last.current + intervalRef.current() - performance.now();
    const show = () => {
      last.current = performance.now();
      // A transition: React renders it in slices, so a keypress is not kept waiting behind it.
      startTransition(() => setShown(value));
    };
    if (wait <= 0) {
      show();
      return;
    }
    const t = setTimeout(show, wait);
    return () => clearTimeout(t);
  }, [value]);
  return shown;
}

/**
 * Keeps in `cost` a running estimate (ms) of what a render of this component and its children
 * costs when `key` changes: from the start of the render to the first task after its commit
 * (effects included). Renders for other reasons are not measured (they cost little).
 */
export function useRenderCost(key: unknown, cost: { current: number }): void {
  const start = performance.now();
  useLayoutEffect(() => {
    const t = setTimeout(() => {
      const took = performance.now() - start;
      cost.current = cost.current === 0 ? took : 0.7 * cost.current + 0.3 * took;
    }, 0);
    return () => clearTimeout(t);
  }, [key]);
}
