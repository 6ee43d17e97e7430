/**
 * Bring weights back in: a drop zone and a file input for a .safetensors file, a TF.js model.json
 * with its .bin, a Keras 3 .keras or an ONNX file, or a .zip the export menu made. The worker checks every tensor's name and shape
 * against the model before writing anything; a refusal is shown right here with every mismatch,
 * and the weights stay as they were. A success starts a new run from the imported weights.
 */
import { useId, useRef, useState, type DragEvent } from 'react';
import { asSentence, formatCount } from '../../format';
import type { ImportJob } from '../../io/io-state';
import { ProblemList } from '../ProblemList';

interface Props {
  job: ImportJob | null;
  /** Why nothing can be imported now (null when it can). */
  blocked: string | null;
  onImport: (files: File[]) => void;
}

export function ImportControl({ job, blocked, onImport }: Props) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const take = (files: File[]) => {
    if (files.length > 0 && !blocked) onImport(files);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take([...e.dataTransfer.files]);
  };
  return (
    <div
      className={`import-zone upload-zone${over ? ' over' : ''}`}
      data-testid="import-zone"
      role="group"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-help`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p className="small">
        <strong id={`${id}-title`}>Import weights</strong>{' '}
        <span id={`${id}-help`} className="muted">
          Drop a .safetensors file, a TF.js model.json with its .bin, a .keras or .onnx file, or an exported .zip here. Names and shapes must match this model.
        </span>
      </p>
      <button type="button" className="small" disabled={blocked !== null || job?.phase === 'working'} onClick={() => input.current?.click()} data-testid="import-choose">
        Choose weights file…
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept=".safetensors,.json,.bin,.keras,.onnx,.zip"
        aria-label="Weights file to import"
        data-testid="import-file"
        onChange={(e) => {
          const files = e.target.files ? [...e.target.files] : [];
          e.target.value = '';
          take(files);
        }}
      />
      <ImportMessage job={job} />
    </div>
  );
}

function ImportMessage({ job }: { job: ImportJob | null }) {
  if (!job) return null;
  if (job.phase === 'working') {
    return (
      <p className="muted small" role="status" data-testid="import-message">
        Checking {job.files.join(', ')} against the model…
      </p>
    );
  }
  if (job.phase === 'failed') {
    return (
      <div className="upload-error import-error" role="alert" data-testid="import-message">
        <p>
          Not imported: {job.message ? asSentence(job.message) : ''} The weights are unchanged.
        </p>
        <ProblemList problems={job.problems} testId="import-problems" />
      </div>
    );
  }
  const r = job.report;
  return (
    <p className="import-ok small" role="status" data-testid="import-message">
      Imported {r ? `${r.tensors} tensors (${formatCount(r.params)} parameters) from ${r.files.join(' + ')}` : job.files.join(', ')}. The weights are marked imported and saved
      with the project; training continues from them (epoch 0, fresh optimizer state).
    </p>
  );
}
