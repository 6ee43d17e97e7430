/**
 * Which uploads go when a project is deleted: those uploaded into it, except any that another
 * stored project still trains on (its dataset). Pure, so the choice is tested without a browser.
 */
import type { UploadId } from './types';

export interface UploadOwner {
  readonly id: UploadId;
  /** The project it was uploaded into ('' when none was open). */
  readonly projectId: string;
}

/**
 * The ids of `uploads` to delete with project `projectId`; `datasetsInUse` are the datasets of
 * the projects that remain (built-in ids and undefined entries are ignored).
 */
export function uploadsToDeleteWithProject(
  uploads: readonly UploadOwner[],
  projectId: string,
  datasetsInUse: Iterable<string | null | undefined>,
): UploadId[] {
  if (projectId === '') return [];
  const keep = new Set<string>();
  for (const d of datasetsInUse) if (d) keep.add(d);
  return uploads.filter((u) => u.projectId === projectId && !keep.has(u.id)).map((u) => u.id);
}
