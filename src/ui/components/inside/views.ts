/**
 * The inside-the-network views, in the order the panel offers them. A view is one entry here and
 * its own component (see inside-view.ts); nothing else lists them.
 */
import { hasConvViews, hasNeuronMaps } from '../../../engine/inspect/inspected-layers';
import { ConvView } from './ConvView';
import type { InsideView } from './inside-view';
import { NeuronMapsView } from './NeuronMapsView';
import { ProfileView } from './ProfileView';
import { ProjectorView, projectorSources } from './ProjectorView';
import { SummaryView } from './SummaryView';
import { statsApply } from './stats/applies';
import { LazyDistributionsView, LazyHealthView } from './stats/lazy-views';

export const INSIDE_VIEWS: readonly InsideView[] = [
  { id: 'summary', label: 'Summary', hint: 'Every layer: output shape, parameters, FLOPs and activation memory per sample', available: () => true, Component: SummaryView },
  {
    id: 'neurons',
    label: 'Neuron maps',
    hint: "Every Dense unit's output over the input plane, with the weights between them",
    available: (ctx) => hasNeuronMaps(ctx.spec) && ctx.dataset.inputShape?.length === 1 && ctx.dataset.inputShape[0] === 2,
    Component: NeuronMapsView,
  },
  {
    id: 'conv',
    label: 'Conv filters and maps',
    hint: "The first conv layer's filters and every conv and pooling layer's feature maps of a test image",
    available: (ctx) => hasConvViews(ctx.spec) && ctx.dataset.inputShape?.length === 3,
    Component: ConvView,
  },
  { id: 'distributions', label: 'Distributions', hint: 'Weights, gradients and activations of each layer as percentile bands over the training steps', available: statsApply, Component: LazyDistributionsView },
  { id: 'health', label: 'Layer health', hint: 'Gradient norms, update ratios, dead and saturated units per layer, with warnings in plain words', available: statsApply, Component: LazyHealthView },
  {
    id: 'projector',
    label: 'Projector',
    hint: 'Token embeddings, or the test samples at the layer before the head, projected to 2D (PCA)',
    available: (ctx) => projectorSources(ctx.spec).length > 0,
    Component: ProjectorView,
  },
  { id: 'profile', label: 'GPU time per layer', hint: 'One training step timed by layer and pass (forward, backward, optimizer)', available: (ctx) => ctx.model !== null, Component: ProfileView },
];
