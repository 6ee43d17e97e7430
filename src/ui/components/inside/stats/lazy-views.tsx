/**
 * The statistics views as separate chunks, loaded when a view is first opened, so the first
 * screen carries none of their code or styles (views.ts lists these).
 */
import { lazy, Suspense } from 'react';
import type { InsideContext } from '../inside-view';

const Distributions = lazy(() => import('./DistributionsView').then((m) => ({ default: m.DistributionsView })));
const Health = lazy(() => import('./HealthView').then((m) => ({ default: m.HealthView })));

const loading = <p className="muted small">Loading the view…</p>;

export function LazyDistributionsView(ctx: InsideContext) {
  return (
    <Suspense fallback={loading}>
      <Distributions {...ctx} />
    </Suspense>
  );
}

export function LazyHealthView(ctx: InsideContext) {
  return (
    <Suspense fallback={loading}>
      <Health {...ctx} />
    </Suspense>
  );
}
