/**
 * On a phone the page is one column of four parts; these tabs pick the part shown (CSS hides the
 * tabs on wider screens, where every part shows at once). Arrow keys move between tabs.
 */
import { memo, useRef, type KeyboardEvent } from 'react';

export type Part = 'data' | 'model' | 'train' | 'results';

export const PARTS: { id: Part; label: string; controls: string }[] = [
  { id: 'data', label: 'Data', controls: 'part-data' },
  { id: 'model', label: 'Model', controls: 'part-model' },
  { id: 'train', label: 'Train', controls: 'part-train' },
  { id: 'results', label: 'Results', controls: 'part-results part-results-more' },
];

function PhoneTabsView({ part, onPart }: { part: Part; onPart: (p: Part) => void }) {
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (e: KeyboardEvent) => {
    const i = PARTS.findIndex((p) => p.id === part);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = PARTS[(i + step + PARTS.length) % PARTS.length];
    onPart(next.id);
    list.current?.querySelector<HTMLButtonElement>(`[data-part-tab="${next.id}"]`)?.focus();
  };
  return (
    <div className="phone-tabs" role="tablist" aria-label="Parts of the playground" ref={list} onKeyDown={onKeyDown}>
      {PARTS.map((p) => (
        <button
          key={p.id}
          type="button"
          role="tab"
          aria-selected={p.id === part}
          aria-controls={p.controls}
          tabIndex={p.id === part ? 0 : -1}
          data-part-tab={p.id}
          data-testid={`tab-${p.id}`}
          onClick={() => onPart(p.id)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}

export const PhoneTabs = memo(PhoneTabsView);
