/**
 * Page-wide keyboard shortcuts (listed in ShortcutsDialog). Letter keys and undo/redo are ignored
 * while a text field has focus, so typing and the field's own undo work as usual.
 */
import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  undo: () => void;
  redo: () => void;
  help: () => void;
  escape: () => void;
  insert: () => void;
  layout: () => void;
  trainOrPause: () => void;
  step: () => void;
}

function typing(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable) return true;
  return tag === 'INPUT' && !['checkbox', 'radio', 'button', 'submit', 'range'].includes((el as HTMLInputElement).type);
}

export function useShortcuts(handlers: ShortcutHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const h = ref.current;
      if (e.key === 'Escape') {
        h.escape();
        return;
      }
      if (typing(e.target) || e.defaultPrevented || e.altKey) return;
      const mod = e.ctrlKey || e.metaKey;
      const k = e.key.toLowerCase();
      if (mod && k === 'z') {
        e.preventDefault();
        if (e.shiftKey) h.redo();
        else h.undo();
        return;
      }
      if (mod && k === 'y') {
        e.preventDefault();
        h.redo();
        return;
      }
      if (mod) return;
      if (e.key === '?') h.help();
      else if (k === 'i') h.insert();
      else if (k === 'l') h.layout();
      else if (k === 't') h.trainOrPause();
      else if (k === 's') h.step();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
