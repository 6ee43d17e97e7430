/**
 * A view's hold on the shared layer-statistics watch (stats-feed.ts): acquired while the view is
 * mounted, released when it unmounts; re-renders on each new sample or interval.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { InsideContext } from '../inside-view';
import { statsFeed, type StatsSnapshot } from './stats-feed';

export function useStatsFeed(ctx: Pick<InsideContext, 'send' | 'subscribe'>, feed = statsFeed): StatsSnapshot {
  const { send, subscribe } = ctx;
  useEffect(() => feed.acquire(send, subscribe), [feed, send, subscribe]);
  return useSyncExternalStore(feed.listen, feed.snapshot, feed.snapshot);
}
