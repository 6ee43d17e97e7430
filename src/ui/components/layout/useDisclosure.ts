/**
 * A region opened on demand by a button (a drawer, a side panel): the button says aria-expanded
 * and aria-controls; opening it from the button moves focus into the region, Escape inside the
 * region closes it and gives focus back to the button. `remember` keeps the choice in localStorage.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';

function stored(key: string | undefined, fallback: boolean): boolean {
  if (!key) return fallback;
  try {
    const v = localStorage.getItem(key);
    return v === null ? fallback : v === '1';
  } catch {
    return fallback;
  }
}

export interface Disclosure {
  open: boolean;
  setOpen: (open: boolean) => void;
  /** Spread on the toggle button. */
  button: { 'aria-expanded': boolean; 'aria-controls': string; onClick: () => void; ref: (el: HTMLButtonElement | null) => void };
  /** Spread on the region. */
  region: { id: string; onKeyDown: (e: KeyboardEvent) => void; ref: (el: HTMLElement | null) => void; tabIndex: -1 };
}

export function useDisclosure(id: string, initial: boolean | (() => boolean), remember?: string): Disclosure {
  const [open, setOpenState] = useState(() => stored(remember, typeof initial === 'function' ? initial() : initial));
  const buttonEl = useRef<HTMLButtonElement | null>(null);
  const regionEl = useRef<HTMLElement | null>(null);
  const focusIn = useRef(false);
  const setOpen = useCallback(
    (v: boolean) => {
      setOpenState(v);
      if (!remember) return;
      try {
        localStorage.setItem(remember, v ? '1' : '0');
      } catch {
        // Storage may be unavailable (private mode): the choice lasts this visit.
      }
    },
    [remember],
  );
  useEffect(() => {
    if (!open || !focusIn.current) return;
    focusIn.current = false;
    const r = regionEl.current;
    const target = r?.querySelector<HTMLElement>('button:not(:disabled), input, select, textarea, [tabindex="0"]') ?? r;
    target?.focus({ preventScroll: true });
  }, [open]);
  const stateRef = useRef(open);
  stateRef.current = open;
  const onClick = useCallback(() => {
    const next = !stateRef.current;
    focusIn.current = next;
    setOpen(next);
  }, [setOpen]);
  const onKeyDown = useCallback(
    (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      setOpen(false);
      buttonEl.current?.focus();
    },
    [setOpen],
  );
  const buttonRef = useCallback((el: HTMLButtonElement | null) => {
    buttonEl.current = el;
  }, []);
  const regionRef = useCallback((el: HTMLElement | null) => {
    regionEl.current = el;
  }, []);
  return {
    open,
    setOpen,
    button: { 'aria-expanded': open, 'aria-controls': id, onClick, ref: buttonRef },
    region: { id, onKeyDown, ref: regionRef, tabIndex: -1 },
  };
}
