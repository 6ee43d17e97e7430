/**
 * The inside-the-network views, in the order the panel offers them. A view is one entry here and
 * its own component (see inside-view.ts); nothing else lists them.
 */
import type { InsideView } from './inside-view';
import { ProjectorView, projectorSources } from './ProjectorView';
import { SummaryView } from './SummaryView';
import { statsApply } from './stats/applies';
import { LazyDistributionsView, LazyHealthView } from './stats/lazy-views';

export const INSIDE_VIEWS: readonly InsideView[] = [
  { id: 'summary', label: 'Summary', hint: 'Every layer: output shape, parameters, FLOPs and activation memory per sample', available: () => true, Component: SummaryView },
  // neurons
  // conv
  // distributions
  { id: 'distributions', label: 'Distributions', hint: 'Weights, gradients and activations of each layer as percentile bands over the training steps', available: statsApply, Component: LazyDistributionsView },
  // health
  { id: 'health', label: 'Layer health', hint: 'Gradient norms, update ratios, dead and saturated units per layer, with warnings in plain words', available: statsApply, Component: LazyHealthView },
  // profile
  {
    id: 'projector',
    label: 'Projector',
    hint: 'Token embeddings, or the test samples at the layer before the head, projected to 2D (PCA)',
    available: (ctx) => projectorSources(ctx.spec).length > 0,
    Component: ProjectorView,
  },
];
