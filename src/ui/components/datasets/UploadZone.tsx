/**
 * Where the user brings their own data: a drop zone and a file input (keyboard: Tab to the
 * "Choose files" button). Two IDX files (images + labels, .gz or raw) become a dataset at once;
 * a CSV first asks what it holds (numbers or text) and which column is the label. Problems with
 * the files are shown right here.
 */
import { useId, useRef, useState, type DragEvent } from 'react';
import type { Task } from '../../../data/dataset';
import type { UploadRequest } from '../../datasets/build-upload';
import type { UploadStatus } from '../../datasets/useUploads';

interface Props {
  status: UploadStatus;
  onUpload: (req: UploadRequest) => Promise<boolean>;
  onError: (message: string) => void;
  onClear: () => void;
}

interface CsvChoice {
  file: File;
  columns: string[];
  rows: number;
  kind: 'numbers' | 'text';
  label: string;
  text: string;
  task: Task;
}

const isCsv = (f: File) => /\.(csv|txt)$/i.test(f.name) || f.type === 'text/csv';

export function UploadZone({ status, onUpload, onError, onClear }: Props) {
  const [over, setOver] = useState(false);
  const [csv, setCsv] = useState<CsvChoice | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  const take = async (list: FileList | File[]) => {
    const files = [...list];
    if (files.length === 0) return;
    onClear();
    setCsv(null);
    const csvs = files.filter(isCsv);
    if (csvs.length > 0) {
      if (files.length !== 1) {
        onError(`Drop one CSV file at a time (got ${files.length} files: ${files.map((f) => f.name).join(', ')}).`);
        return;
      }
      try {
        const { readCsvColumns } = await import('../../datasets/build-upload');
        const c = await readCsvColumns(files[0]);
        const textCol = c.columns.find((h) => /^(text|review|sentence|document)$/i.test(h));
        const label = c.columns[c.suggestedLabel];
        setCsv({
          file: files[0], columns: c.columns, rows: c.rows, kind: textCol ? 'text' : 'numbers', label,
          text: textCol ?? c.columns.find((h) => h !== label) ?? c.columns[0], task: 'classification',
        });
      } catch (e) {
        onError(`"${files[0].name}": ${(e as Error).message}`);
      }
      return;
    }
    await onUpload({ format: 'idx', files });
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer.files);
  };

  const addCsv = async () => {
    if (!csv) return;
    const ok = await onUpload(
      csv.kind === 'text'
        ? { format: 'text-csv', file: csv.file, textColumn: csv.text, labelColumn: csv.label }
        : { format: 'csv', file: csv.file, labelColumn: csv.label, task: csv.task },
    );
    if (ok) setCsv(null);
  };

  return (
    <div className="upload">
      <div
        className={`upload-zone${over ? ' over' : ''}`}
        data-testid="upload-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        aria-describedby={`${id}-help`}
      >
        <p id={`${id}-help`} className="small">
          Drop your own data here: two IDX files (images and labels, e.g. the original MNIST <code>*-ubyte.gz</code>), or one CSV
          (numbers with a label column, or text with a label column).
        </p>
        <button type="button" className="small" onClick={() => input.current?.click()} disabled={status.busy} data-testid="upload-choose">
          Choose files…
        </button>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          aria-label="Dataset files (two IDX files or one CSV)"
          data-testid="upload-input"
          onChange={(e) => {
            const files = e.target.files ? [...e.target.files] : [];
            e.target.value = '';
            void take(files);
          }}
        />
        {status.busy && (
          <p className="muted small" role="status" data-testid="upload-busy">
            Reading the files…
          </p>
        )}
        {status.error && (
          <p className="upload-error" role="alert" data-testid="upload-error">
            {status.error}
          </p>
        )}
        {status.warning && (
          <p className="upload-warning" role="alert" data-testid="upload-warning">
            {status.warning}
          </p>
        )}
      </div>
      {csv && (
        <fieldset className="csv-options" data-testid="csv-options">
          <legend>
            {csv.file.name}: {csv.rows} rows, columns {csv.columns.join(', ')}
          </legend>
          <div className="field-grid">
            <div className="field">
              <label htmlFor={`${id}-kind`}>The rows hold</label>
              <select id={`${id}-kind`} data-testid="csv-kind" value={csv.kind} onChange={(e) => setCsv({ ...csv, kind: e.target.value as CsvChoice['kind'] })}>
                <option value="numbers">numbers (features)</option>
                <option value="text">text</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor={`${id}-label`}>Label column</label>
              <select id={`${id}-label`} data-testid="csv-label-column" value={csv.label} onChange={(e) => setCsv({ ...csv, label: e.target.value })}>
                {csv.columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            {csv.kind === 'text' ? (
              <div className="field">
                <label htmlFor={`${id}-text`}>Text column</label>
                <select id={`${id}-text`} data-testid="csv-text-column" value={csv.text} onChange={(e) => setCsv({ ...csv, text: e.target.value })}>
                  {csv.columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </div>
            ) : (
              <div className="field">
                <label htmlFor={`${id}-task`}>Task</label>
                <select id={`${id}-task`} data-testid="csv-task" value={csv.task} onChange={(e) => setCsv({ ...csv, task: e.target.value as Task })}>
                  <option value="classification">classification (labels are classes)</option>
                  <option value="regression">regression (label is a number)</option>
                </select>
              </div>
            )}
          </div>
          <div className="row">
            <button type="button" className="small primary" onClick={() => void addCsv()} disabled={status.busy} data-testid="csv-add">
              Add dataset
            </button>
            <button type="button" className="small" onClick={() => setCsv(null)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}
