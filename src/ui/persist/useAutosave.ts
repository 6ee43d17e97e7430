/**
 * Debounced autosave: after a change, saves at most once per `delayMs` (trailing), and at once
 * when the page is hidden or unloaded (visibilitychange / pagehide). `save` always reads the
 * latest state (keep it in a ref-backed callback).
 */
import { useCallback, useEffect, useRef } from 'react';

export function useAutosave(changeToken: unknown, save: () => Promise<void> | void, delayMs = 800, enabled = true): () => Promise<void> {
  const saveRef = useRef(save);
  saveRef.current = save;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const dirty = useRef(false);

  const flush = useCallback(async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current) return;
    dirty.current = false;
    await saveRef.current();
  }, []);

  useEffect(() => {
    if (!enabled) return;
    dirty.current = true;
    timer.current ??= setTimeout(() => void flush(), delayMs);
  }, [changeToken, enabled, delayMs, flush]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onPageHide = () => void flush();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
    };
  }, [flush]);

  return flush;
}
