/**
 * Inside the network: toggles for the views that apply to the current model and data (views.ts),
 * and the open views side by side. Views are closed at first; which are open is remembered in
 * localStorage. A view that stops applying (another model or dataset) is not shown.
 */
import { memo, useCallback, useState } from 'react';
import type { InsideContext } from './inside-view';
import { INSIDE_VIEWS } from './views';
import './inside.css';

const STORE_KEY = 'playground.inside-open';

function storedOpen(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(STORE_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && INSIDE_VIEWS.some((view) => view.id === x)) : [];
  } catch {
    return [];
  }
}

export const InsidePanel = memo(function InsidePanel(ctx: InsideContext) {
  const [open, setOpen] = useState<string[]>(storedOpen);
  const toggle = useCallback((id: string) => {
    setOpen((prev) => {
      const next = prev.includes(id) ? prev.filter((x) => x !== id) : [...prev, id];
      try {
        localStorage.setItem(STORE_KEY, JSON.stringify(next));
      } catch {
        // Storage may be full or blocked; the choice then lasts for this page only.
      }
      return next;
    });
  }, []);
  const offered = INSIDE_VIEWS.filter((v) => v.available(ctx));
  const shown = offered.filter((v) => open.includes(v.id));
  return (
    <section className="panel inside" aria-labelledby="inside-title" data-testid="inside">
      <div className="panel-head">
        <h2 id="inside-title">Inside the network</h2>
      </div>
      {offered.length === 0 ? (
        <p className="muted small">No view applies to this model yet.</p>
      ) : (
        <div className="inside-toggles" role="group" aria-label="Views">
          {offered.map((v) => (
            <button key={v.id} type="button" className="small inside-toggle" aria-pressed={open.includes(v.id)} title={v.hint} onClick={() => toggle(v.id)} data-testid={`inside-toggle-${v.id}`}>
              {v.label}
            </button>
          ))}
        </div>
      )}
      <div className="inside-views">
        {shown.map((v) => (
          <div key={v.id} className="inside-view" data-testid={`inside-view-${v.id}`}>
            <v.Component {...ctx} />
          </div>
        ))}
      </div>
    </section>
  );
});
