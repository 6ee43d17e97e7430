/**
 * Where the user brings their own data: a drop zone and a file input (keyboard: Tab to the
 * "Choose files" button). Two IDX files (images + labels, .gz or raw) become a dataset at once;
 * a CSV or .txt first asks what it holds (numbers, labelled text, or plain text for a character
 * language model) and which column is the label. For numbers, the task is pre-set from the label
 * column (infer-task.ts) with the reason, and can be overridden; a column that would give many
 * classes with few rows each is warned about. "Paste text…" takes plain text typed or pasted
 * into a box. Problems with the files or the text are shown right here.
 */
import { useId, useRef, useState, type DragEvent } from 'react';
import type { Task } from '../../../data/dataset';
import type { TaskInference } from '../../../data/uploads/infer-task';
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
  kind: 'numbers' | 'text' | 'corpus';
  label: string;
  text: string;
  task: Task;
  /** Per column: the task it suggests as the label column, and why. */
  inference: readonly TaskInference[];
}

/** The inference for the label column `label` (the first column of that name). */
const inferenceOf = (c: CsvChoice, label: string): TaskInference | undefined => c.inference[c.columns.indexOf(label)];

const isCsv = (f: File) => /\.(csv|txt)$/i.test(f.name) || f.type === 'text/csv' || f.type === 'text/plain';
const isTxt = (f: File) => /\.txt$/i.test(f.name) || f.type === 'text/plain';

/** A labelled select of the CSV's columns. */
function ColumnSelect({ id, label, testId, columns, value, onChange }: { id: string; label: string; testId: string; columns: readonly string[]; value: string; onChange: (column: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        {columns.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </div>
  );
}

export function UploadZone({ status, onUpload, onError, onClear }: Props) {
  const [over, setOver] = useState(false);
  const [csv, setCsv] = useState<CsvChoice | null>(null);
  const [paste, setPaste] = useState<{ name: string; text: string } | null>(null);
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
      const file = files[0];
      try {
        const { readCsvColumnsOffThread } = await import('../../datasets/upload-client');
        const c = await readCsvColumnsOffThread(file).catch((e: unknown) => {
          // Prose is rarely a valid CSV: a .txt that does not parse is offered as plain text.
          if (isTxt(file)) return null;
          throw e;
        });
        if (c === null || (isTxt(file) && c.columns.length < 2)) {
          setCsv({ file, columns: c?.columns ?? [], rows: c?.rows ?? 0, kind: 'corpus', label: '', text: '', task: 'classification', inference: [] });
          return;
        }
        const textCol = c.columns.find((h) => /^(text|review|sentence|document)$/i.test(h));
        const label = c.columns[c.suggestedLabel];
        setCsv({
          file, columns: c.columns, rows: c.rows, kind: textCol ? 'text' : 'numbers', label,
          text: textCol ?? c.columns.find((h) => h !== label) ?? c.columns[0], task: c.inference[c.suggestedLabel]?.task ?? 'classification', inference: c.inference,
        });
      } catch (e) {
        onError(`"${file.name}": ${(e as Error).message}`);
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
      csv.kind === 'corpus'
        ? { format: 'corpus', file: csv.file }
        : csv.kind === 'text'
          ? { format: 'text-csv', file: csv.file, textColumn: csv.text, labelColumn: csv.label }
          : { format: 'csv', file: csv.file, labelColumn: csv.label, task: csv.task },
    );
    if (ok) setCsv(null);
  };

  const inferred = csv && csv.kind !== 'corpus' ? inferenceOf(csv, csv.label) : undefined;
  const classes = csv?.kind === 'text' || csv?.task === 'classification';

  const addPaste = async () => {
    if (!paste) return;
    onClear();
    const ok = await onUpload({ format: 'corpus', name: paste.name, text: paste.text });
    if (ok) setPaste(null);
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
          Drop your own data here: two IDX files (images and labels, e.g. the original MNIST <code>*-ubyte.gz</code>), one CSV
          (numbers with a label column, or text with a label column), or plain text (<code>.txt</code>, or paste it) for the
          character language model.
        </p>
        <div className="row">
          <button type="button" className="small" onClick={() => input.current?.click()} disabled={status.busy} data-testid="upload-choose">
            Choose files…
          </button>
          <button
            type="button"
            className="small"
            aria-expanded={paste !== null}
            onClick={() => {
              onClear();
              setPaste(paste ? null : { name: '', text: '' });
            }}
            disabled={status.busy}
            data-testid="paste-open"
          >
            Paste text…
          </button>
        </div>
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
      {paste && (
        <fieldset className="csv-options" data-testid="paste-options">
          <legend>Plain text for the character language model</legend>
          <div className="field">
            <label htmlFor={`${id}-paste-name`}>Name</label>
            <input
              id={`${id}-paste-name`}
              data-testid="paste-name"
              value={paste.name}
              placeholder="Pasted text"
              maxLength={80}
              onChange={(e) => setPaste({ ...paste, name: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-paste-text`}>Text ({[...paste.text].length.toLocaleString('en-US')} characters)</label>
            <textarea
              id={`${id}-paste-text`}
              data-testid="paste-text"
              rows={8}
              value={paste.text}
              spellCheck={false}
              placeholder="Paste a few thousand characters of any text: a story, code, song lyrics…"
              onChange={(e) => setPaste({ ...paste, text: e.target.value })}
            />
          </div>
          <div className="row">
            <button type="button" className="small primary" onClick={() => void addPaste()} disabled={status.busy || paste.text.trim() === ''} data-testid="paste-add">
              Add text
            </button>
            <button type="button" className="small" onClick={() => setPaste(null)}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
      {csv && (
        <fieldset className="csv-options" data-testid="csv-options">
          <legend>
            {csv.kind === 'corpus' && csv.columns.length < 2 ? `${csv.file.name}: plain text` : `${csv.file.name}: ${csv.rows} rows, ${csv.columns.length} columns`}
          </legend>
          {csv.columns.length >= 2 && (
            <p className="csv-columns small" data-testid="csv-columns" tabIndex={0} aria-label="Column names">
              {csv.columns.join(', ')}
            </p>
          )}
          <div className="field-grid">
            <div className="field">
              <label htmlFor={`${id}-kind`}>The rows hold</label>
              <select id={`${id}-kind`} data-testid="csv-kind" value={csv.kind} onChange={(e) => setCsv({ ...csv, kind: e.target.value as CsvChoice['kind'] })}>
                {csv.columns.length >= 2 && <option value="numbers">numbers (features)</option>}
                {csv.columns.length >= 2 && <option value="text">text with a label</option>}
                {isTxt(csv.file) && <option value="corpus">plain text (character language model)</option>}
              </select>
            </div>
            {csv.kind !== 'corpus' && (
              <ColumnSelect
                id={`${id}-label`}
                label="Label column"
                testId="csv-label-column"
                columns={csv.columns}
                value={csv.label}
                onChange={(label) => setCsv({ ...csv, label, task: inferenceOf(csv, label)?.task ?? csv.task })}
              />
            )}
            {csv.kind === 'corpus' ? null : csv.kind === 'text' ? (
              <ColumnSelect id={`${id}-text`} label="Text column" testId="csv-text-column" columns={csv.columns} value={csv.text} onChange={(text) => setCsv({ ...csv, text })} />
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
          {csv.kind === 'numbers' && inferred && (
            <p className="small" data-testid="csv-task-reason">
              {inferred.reason}
              {csv.task !== inferred.task ? ` You chose ${csv.task} instead.` : ''}
            </p>
          )}
          {classes && inferred?.classWarning && (
            <p className="upload-warning" role="alert" data-testid="csv-task-warning">
              {inferred.classWarning}
            </p>
          )}
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
