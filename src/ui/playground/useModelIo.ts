/**
 * Export, int8 measurement and weight import, as the panels use them: sends the requests (ids
 * match answers to requests), downloads an export's files when they arrive, and says when these
 * actions are possible (a built model that is not training, not diverged, and is the one on screen).
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { ExportFormat } from '../../io/exporters';
import type { ToWorker } from '../../worker/protocol';
import { packageFiles, saveDownload, type Download } from '../io/download';
import { readImportFiles } from '../io/read-import';
import type { UiAction, UiState } from '../state';

/** Identifies the weights the worker holds, as far as the page can tell (an int8 report for other weights is stale). */
export function weightsVersion(s: UiState): string {
  return `${s.model?.tag ?? ''}|${s.model?.weights ?? ''}|${s.epoch}|${s.weights?.globalStep ?? ''}|${s.io.import?.phase === 'done' ? s.io.import.id : ''}`;
}

/** Why export and import are not possible now (null when they are). */
export function ioBlocker(s: UiState, stale: boolean): string | null {
  if (!s.model || s.status === 'starting' || s.status === 'empty' || s.status === 'loading') return 'The model is not built yet.';
  if (s.status === 'lost') return 'The GPU device was lost; recover it first.';
  if (s.status === 'training' || s.status === 'pausing' || s.status === 'stopping') return 'Pause or stop training to export or import: the weights change with every step.';
  if (stale) return 'The model changed since it was built: train (or wait for the rebuild) first, so the weights belong to the model on screen.';
  return null;
}

export function useModelIo(state: UiState, send: (cmd: ToWorker, transfer?: Transferable[]) => void, dispatch: (a: UiAction) => void, stem: string) {
  const nextId = useRef(0);
  const latest = useRef({ state, stem });
  latest.current = { state, stem };
  const downloaded = useRef(0);

  // Download an export's files once they arrive (once per request).
  const job = state.io.export;
  useEffect(() => {
    if (!job || job.phase !== 'done' || !job.files || downloaded.current === job.id) return;
    downloaded.current = job.id;
    let download: Download;
    try {
      download = packageFiles(job.files, latest.current.stem, job.format);
    } catch (e) {
      dispatch({ kind: 'ui-error', where: 'file', message: `The export could not be packaged: ${(e as Error).message}` });
      return;
    }
    saveDownload(download);
    dispatch({ kind: 'io', request: { kind: 'export-saved', id: job.id } });
  }, [job, dispatch]);

  const exportAs = useCallback(
    (format: ExportFormat) => {
      const id = ++nextId.current;
      dispatch({ kind: 'io', request: { kind: 'export', id, format } });
      send({ type: 'export', id, format, lastLoss: latest.current.state.current.last?.loss ?? null });
    },
    [dispatch, send],
  );

  const measureInt8 = useCallback(() => {
    const id = ++nextId.current;
    dispatch({ kind: 'io', request: { kind: 'int8-accuracy', id, version: weightsVersion(latest.current.state) } });
    send({ type: 'int8-accuracy', id });
  }, [dispatch, send]);

  const importFiles = useCallback(
    async (files: File[]) => {
      const id = ++nextId.current;
      const names = files.map((f) => f.name);
      const choice = await readImportFiles(files);
      if (!choice.ok) {
        dispatch({ kind: 'io', request: { kind: 'import-refused', id, files: names, message: choice.message } });
        return;
      }
      dispatch({ kind: 'io', request: { kind: 'import-weights', id, files: names } });
      send({ type: 'import-weights', id, source: choice.source }, choice.transfer);
    },
    [dispatch, send],
  );

  return useMemo(() => ({ exportAs, measureInt8, importFiles }), [exportAs, measureInt8, importFiles]);
}

export type ModelIoCommands = ReturnType<typeof useModelIo>;
