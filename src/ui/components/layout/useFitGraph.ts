/**
 * The graph to hand the dataset panel: it reads the graph only to say whether the dataset fits the
 * model, so an edit that leaves that verdict alone (a layer's units, say) keeps the previous graph
 * object and the panel (with its 400-point scatter) does not render again.
 */
import { useMemo, useRef } from 'react';
import type { ModelGraph } from '../../../engine/graph';
import type { DatasetInfo } from '../../model/dataset-info';
import { datasetFitProblem } from '../../model/fit';

/** `old` when it says the same about `dataset` as `next` does, else `next`. */
export function keptFitGraph(old: ModelGraph | null, next: ModelGraph | null, dataset: DatasetInfo): ModelGraph | null {
  if (old === next || old === null || next === null) return next;
  return datasetFitProblem(old, dataset) === datasetFitProblem(next, dataset) ? old : next;
}

export function useFitGraph(graph: ModelGraph | null, dataset: DatasetInfo): ModelGraph | null {
  const kept = useRef(graph);
  return useMemo(() => (kept.current = keptFitGraph(kept.current, graph, dataset)), [graph, dataset]);
}
