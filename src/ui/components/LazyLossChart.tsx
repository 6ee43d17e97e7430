/** Loads the chart (and recharts) as a separate chunk, so the controls appear first. */
import { lazy, Suspense, type ComponentProps } from 'react';

const LossChart = lazy(() => import('./LossChart').then((m) => ({ default: m.LossChart })));

export function LazyLossChart(props: ComponentProps<typeof LossChart>) {
  return (
    <Suspense
      fallback={
        <figure className="panel chart">
          <figcaption>Loss</figcaption>
          <p className="muted chart-empty">Loading the chart…</p>
        </figure>
      }
    >
      <LossChart {...props} />
    </Suspense>
  );
}
