/**
 * Choosing a dataset in the project: sets its id and, for a numeric CSV upload, pre-sets the feature
 * scaling to the one its training rows suggest (settings.scaling; the user may change it in the
 * Dataset panel afterwards). Other datasets ignore scaling, so it is cleared for them.
 */
import type { UploadMeta } from '../../data/uploads/types';
import type { DatasetName } from '../../worker/protocol';
import type { ProjectCore } from '../project/types';

export function withDataset(c: ProjectCore, id: DatasetName, uploads: readonly UploadMeta[]): ProjectCore {
  const suggested = uploads.find((u) => u.id === id)?.suggestedScaling;
  const { scaling: _old, ...rest } = c.settings;
  const settings = suggested && suggested !== 'none' ? { ...rest, scaling: suggested } : rest;
  return { ...c, dataset: id, settings };
}
