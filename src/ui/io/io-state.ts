/**
 * The page's view of exports, the int8 measurement and weight imports: the latest request of each
 * kind, what it is doing, and its answer. Requests carry ids; an answer to an older request (one
 * replaced by a newer) is dropped. Pure: the reducer in state.ts delegates here.
 */
import type { ExportFormat } from '../../io/exporters';
import type { FileBytes, FromWorker, ImportReport, Int8AccuracyReport } from '../../worker/protocol';

export type IoPhase = 'working' | 'done' | 'failed';

export interface ExportJob {
  id: number;
  format: ExportFormat;
  phase: IoPhase;
  /** The exported files, until they are saved (then dropped, so a large bundle is not kept in memory). */
  files: FileBytes[] | null;
  /** What was exported: file names and total bytes (kept after the files are dropped). */
  summary: { names: string[]; bytes: number } | null;
  message: string | null;
}

export interface Int8Job {
  id: number;
  /** Which weights were measured (see `weightsVersion`); a report for other weights is stale. */
  version: string;
  phase: IoPhase;
  report: Int8AccuracyReport | null;
  message: string | null;
}

export interface ImportJob {
  id: number;
  /** Names of the files given. */
  files: string[];
  phase: IoPhase;
  report: ImportReport | null;
  message: string | null;
  /** Every mismatch, one line each, when the file belongs to another model. */
  problems: string[];
}

export interface IoState {
  export: ExportJob | null;
  int8: Int8Job | null;
  import: ImportJob | null;
}

export type IoRequest =
  | { kind: 'export'; id: number; format: ExportFormat }
  /** The export's files were handed to the browser's download. */
  | { kind: 'export-saved'; id: number }
  | { kind: 'int8-accuracy'; id: number; version: string }
  | { kind: 'import-weights'; id: number; files: string[] }
  /** Files refused before they reached the worker (unreadable, not a weights file). */
  | { kind: 'import-refused'; id: number; files: string[]; message: string };

export type IoMessage = Extract<FromWorker, { type: 'exported' | 'int8-measured' | 'imported' | 'io-failed' }>;

export const initialIo = (): IoState => ({ export: null, int8: null, import: null });

export function ioRequest(io: IoState, r: IoRequest): IoState {
  switch (r.kind) {
    case 'export':
      return { ...io, export: { id: r.id, format: r.format, phase: 'working', files: null, summary: null, message: null } };
    case 'export-saved':
      return io.export?.id === r.id ? { ...io, export: { ...io.export, files: null } } : io;
    case 'int8-accuracy':
      return { ...io, int8: { id: r.id, version: r.version, phase: 'working', report: null, message: null } };
    case 'import-weights':
      return { ...io, import: { id: r.id, files: r.files, phase: 'working', report: null, message: null, problems: [] } };
    case 'import-refused':
      return { ...io, import: { id: r.id, files: r.files, phase: 'failed', report: null, message: r.message, problems: [] } };
  }
}

export function ioAnswer(io: IoState, msg: IoMessage): IoState {
  switch (msg.type) {
    case 'exported':
      if (io.export?.id !== msg.id) return io;
      return {
        ...io,
        export: { ...io.export, phase: 'done', files: msg.files, summary: { names: msg.files.map((f) => f.name), bytes: msg.files.reduce((a, f) => a + f.bytes.byteLength, 0) } },
      };
    case 'int8-measured': {
      const { type: _type, ...report } = msg;
      return io.int8?.id === msg.id ? { ...io, int8: { ...io.int8, phase: 'done', report } } : io;
    }
    case 'imported': {
      const { type: _type, ...report } = msg;
      return io.import?.id === msg.id ? { ...io, import: { ...io.import, phase: 'done', report } } : io;
    }
    case 'io-failed': {
      const failed = { phase: 'failed' as const, message: msg.message };
      if (msg.task === 'export' && io.export?.id === msg.id) return { ...io, export: { ...io.export, ...failed } };
      if (msg.task === 'int8-accuracy' && io.int8?.id === msg.id) return { ...io, int8: { ...io.int8, ...failed } };
      if (msg.task === 'import-weights' && io.import?.id === msg.id) return { ...io, import: { ...io.import, ...failed, problems: msg.problems } };
      return io;
    }
  }
}
