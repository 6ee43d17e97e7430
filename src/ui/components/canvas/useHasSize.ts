/**
 * Whether an element has been laid out with a width and a height. React Flow measures its parent
 * as it mounts and warns ("The parent container needs a width and a height") when either is 0,
 * which happens while the page's styles are still arriving or the panel is laid out late; the
 * canvas mounts React Flow only once this is true (and keeps it mounted after).
 */
import { useLayoutEffect, useState } from 'react';

export function useHasSize(el: HTMLElement | null): boolean {
  const [sized, setSized] = useState(false);
  useLayoutEffect(() => {
    if (!el || sized) return;
    const check = () => {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) setSized(true);
    };
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el, sized]);
  return sized;
}

/** The element's current content size (0 x 0 until laid out), following resizes. */
export function useBoxSize(el: HTMLElement | null): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    if (!el) return;
    const check = () => {
      const width = Math.round(el.clientWidth);
      const height = Math.round(el.clientHeight);
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return size;
}
