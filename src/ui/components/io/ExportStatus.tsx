/** What the last export is doing: working (with a progress bar), downloaded (file and size), or why it failed. */
import { EXPORTERS, type ExportFormat } from '../../../io/exporters';
import { formatBytes } from '../../format';
import { downloadName } from '../../io/download';
import type { ExportJob } from '../../io/io-state';

/** What the slow formats do while the user waits. */
const WORKING_NOTE: Partial<Record<ExportFormat, string>> = {
  keras: 'loading the HDF5 writer (h5wasm) and writing the .keras archive',
  'pytorch-bundle': 'packing the weights, the training split and the scripts',
  tfjs: 'loading the TF.js writer',
  onnx: 'loading the ONNX writer',
  int8: 'quantizing the weights',
};

export function ExportStatus({ job, stem }: { job: ExportJob | null; stem: string }) {
  if (!job) return null;
  const label = EXPORTERS[job.format].label;
  if (job.phase === 'working') {
    return (
      <div className="export-status" role="status" data-testid="export-status">
        <span>
          Exporting {label}… {WORKING_NOTE[job.format] ? <span className="muted">({WORKING_NOTE[job.format]})</span> : null}
        </span>
        <progress aria-label={`Exporting ${label}`} />
      </div>
    );
  }
  if (job.phase === 'failed') {
    return (
      <p className="export-status export-failed" role="alert" data-testid="export-status">
        {label} export failed: {job.message}
      </p>
    );
  }
  const { names, bytes } = job.summary ?? { names: [], bytes: 0 };
  return (
    <p className="export-status" role="status" data-testid="export-status">
      Downloaded <strong data-testid="export-file-name">{downloadName(names.map((name) => ({ name })), stem, job.format)}</strong> (
      {names.length === 1 ? '1 file' : `${names.length} files: ${names.join(', ')}`}, {formatBytes(bytes)}).
    </p>
  );
}
