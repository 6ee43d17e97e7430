/**
 * What every inside-the-network view gets, and how a view is listed (views.ts). A view is a
 * component over this context: it sends its own `watch-*` command when it opens (and `watch:
 * false` when it closes or unmounts) and reads its reports through `subscribe`
 * (useWorkerReport.ts), so a progress message never re-renders it and a closed view costs nothing.
 */
import type { ComponentType } from 'react';
import type { ModelSpec } from '../../../engine/spec';
import type { Listener } from '../../../worker/client';
import type { ModelInfo, RunStatus, ToWorker } from '../../../worker/protocol';
import type { DatasetInfo } from '../../model/dataset-info';

export interface InsideContext {
  send: (cmd: ToWorker, transfer?: Transferable[]) => void;
  subscribe: (listener: Listener) => () => void;
  /** The spec being edited (the built model may be older: compare `model`). */
  spec: ModelSpec;
  /** The model the worker has built, null before the first build. */
  model: ModelInfo | null;
  dataset: DatasetInfo;
  status: RunStatus;
}

export interface InsideView {
  id: string;
  /** The toggle's text. */
  label: string;
  /** One line under the toggle's title: what the view shows. */
  hint: string;
  /** Whether the view applies to this model and data (a view that does not is not offered). */
  available: (ctx: InsideContext) => boolean;
  Component: ComponentType<InsideContext>;
}
