/**
 * A ref callback that keeps the element's height in a CSS variable on the document root (the
 * one-screen layout sizes its columns to the viewport below the header, whose height varies).
 */
import { useCallback, useRef } from 'react';

export function useCssHeight(variable: string): (el: HTMLElement | null) => void {
  const observer = useRef<ResizeObserver | null>(null);
  return useCallback(
    (el: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!el || typeof ResizeObserver === 'undefined') return;
      const set = () => document.documentElement.style.setProperty(variable, `${Math.ceil(el.getBoundingClientRect().height)}px`);
      set();
      observer.current = new ResizeObserver(set);
      observer.current.observe(el);
    },
    [variable],
  );
}
