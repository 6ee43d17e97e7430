/**
 * Debounced autosave: after a change, saves at most once per `delayMs` (trailing), and at once
 * when the page is hidden or unloaded (visibilitychange / pagehide). `save` always reads the
 * latest state (keep it in a ref-backed callback); it reports failure by throwing or returning
 * false, and then the state stays dirty and the save is retried with backoff (see
 * AutosaveScheduler; the caller shows the error). Returns `flush`, true when all is saved.
 */
import { useCallback, useEffect, useRef } from 'react';
import { AutosaveScheduler, type SaveFn } from './autosave-scheduler';

export function useAutosave(changeToken: unknown, save: SaveFn, delayMs = 800, enabled = true): () => Promise<boolean> {
  const saveRef = useRef(save);
  saveRef.current = save;
  const scheduler = useRef<AutosaveScheduler | null>(null);
  scheduler.current ??= new AutosaveScheduler(() => saveRef.current(), { delayMs });

  const flush = useCallback(() => scheduler.current!.flush(), []);

  useEffect(() => {
    if (enabled) scheduler.current!.changed();
  }, [changeToken, enabled]);

  useEffect(() => {
    // Leaving: the save must begin before this handler returns (see AutosaveScheduler.flushNow).
    const onHide = () => {
      if (document.visibilityState === 'hidden') void scheduler.current?.flushNow();
    };
    const onPageHide = () => void scheduler.current?.flushNow();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      scheduler.current?.dispose();
    };
  }, [flush]);

  return flush;
}
