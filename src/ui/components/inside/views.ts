/**
 * The inside-the-network views, in the order the panel offers them. A view is one entry here and
 * its own component (see inside-view.ts); nothing else lists them.
 */
import { hasConvViews, hasNeuronMaps } from '../../../engine/inspect/inspected-layers';
import { ConvView } from './ConvView';
import type { InsideView } from './inside-view';
import { NeuronMapsView } from './NeuronMapsView';

export const INSIDE_VIEWS: readonly InsideView[] = [
  // summary
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
  // distributions
  // health
  // profile
  // projector
];
