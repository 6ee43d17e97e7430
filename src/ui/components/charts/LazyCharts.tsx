/** Loads the charts (and recharts) as a separate chunk, so the editor appears first. */
import { lazy, Suspense, type ComponentProps } from 'react';

const Charts = lazy(() => import('./Charts').then((m) => ({ default: m.Charts })));

export function LazyCharts(props: ComponentProps<typeof Charts>) {
  return (
    <Suspense
      fallback={
        <section className="panel charts" aria-label="Curves">
          <p className="muted chart-empty">Loading the charts…</p>
        </section>
      }
    >
      <Charts {...props} />
    </Suspense>
  );
}
