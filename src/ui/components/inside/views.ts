/**
 * The inside-the-network views, in the order the panel offers them. A view is one entry here and
 * its own component (see inside-view.ts); nothing else lists them.
 */
import type { InsideView } from './inside-view';
import { ProjectorView, projectorSources } from './ProjectorView';
import { SummaryView } from './SummaryView';

export const INSIDE_VIEWS: readonly InsideView[] = [
  { id: 'summary', label: 'Summary', hint: 'Every layer: output shape, parameters, FLOPs and activation memory per sample', available: () => true, Component: SummaryView },
  // neurons
  // conv
  // distributions
  // health
  // profile
  {
    id: 'projector',
    label: 'Projector',
    hint: 'Token embeddings, or the test samples at the layer before the head, projected to 2D (PCA)',
    available: (ctx) => projectorSources(ctx.spec).length > 0,
    Component: ProjectorView,
  },
];
