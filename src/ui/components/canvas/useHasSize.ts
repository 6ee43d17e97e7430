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
