/**
 * The inside-the-network views, in the order the panel offers them. A view is one entry here and
 * its own component (see inside-view.ts); nothing else lists them.
 */
import type { InsideView } from './inside-view';
import { ProfileView } from './ProfileView';

export const INSIDE_VIEWS: readonly InsideView[] = [
  // summary
  // neurons
  // conv
  // distributions
  // health
  // profile
  { id: 'profile', label: 'GPU time per layer', hint: 'One training step timed by layer and pass (forward, backward, optimizer)', available: (ctx) => ctx.model !== null, Component: ProfileView },
  // projector
];
