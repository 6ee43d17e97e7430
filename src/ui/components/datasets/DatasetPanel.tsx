/**
 * The Dataset panel: pick a built-in or uploaded dataset, see its row counts and first rows (from
 * the worker), why it does not fit the model (Train is disabled then), and bring your own files.
 * A numeric CSV upload also shows its feature scaling (settings.scaling) and column statistics.
 */
import { useEffect, useState } from 'react';
import { listCatalog } from '../../../data/catalog';
import type { ScalingMode } from '../../../data/scaling';
import type { UploadMeta } from '../../../data/uploads/types';
import type { ModelGraph } from '../../../engine/graph';
import type { DatasetName, PreviewReport } from '../../../worker/protocol';
import type { UploadRequest } from '../../datasets/build-upload';
import type { UploadStatus } from '../../datasets/useUploads';
import { formatCount } from '../../format';
import { isScalable, type DatasetInfo } from '../../model/dataset-info';
import { datasetFitProblem } from '../../model/fit';
import { ColumnStatsTable } from './ColumnStatsTable';
import { DatasetPreview } from './DatasetPreview';
import { FeatureScaling } from './FeatureScaling';
import { UploadZone } from './UploadZone';
import { InlineCode } from '../InlineCode';

const BUILT_IN = listCatalog();

interface Props {
  dataset: DatasetInfo;
  seed: number;
  graph: ModelGraph | null;
  uploads: readonly UploadMeta[];
  status: UploadStatus;
  preview: PreviewReport | null;
  previewError: string | null;
  ready: boolean;
  commands: {
    choose: (id: DatasetName) => void;
    upload: (req: UploadRequest) => Promise<boolean>;
    remove: (id: DatasetName) => void;
    preview: (id: DatasetName, seed: number) => void;
  };
  onError: (message: string) => void;
  onClear: () => void;
  /** The project's settings.scaling (absent: none) and how to change it. */
  scaling?: ScalingMode;
  onScaling?: (mode: ScalingMode) => void;
}

export function DatasetPanel({ dataset, seed, graph, uploads, status, preview, previewError, ready, commands, onError, onClear, scaling, onScaling }: Props) {
  const { id } = dataset;
  // The upload just forgotten, to say so plainly while the project still points at it.
  const [removed, setRemoved] = useState<{ id: string; label: string } | null>(null);
  const gone = dataset.missing && removed?.id === id ? removed : null;
  const { preview: askPreview } = commands;
  const known = !dataset.missing;
  useEffect(() => {
    if (ready && known) askPreview(id, seed);
  }, [ready, known, id, seed, askPreview]);
  const fit = graph ? datasetFitProblem(graph, dataset) : null;
  const shown = preview && preview.dataset === id ? preview : null;
  const shape = dataset.inputShape
    ? `[${dataset.inputShape.join(', ')}]`
    : dataset.kind === 'chars'
      ? "character ids [context], labelled with the next character (context and vocabulary follow the model's input and output)"
      : 'text (token ids or tf-idf, as the model needs)';
  return (
    <section className="panel datasets" aria-labelledby="datasets-title" data-testid="dataset-panel">
      <h2 id="datasets-title">Dataset</h2>
      <div className="datasets-top">
        <div className="field">
          <label htmlFor="dataset-select">Dataset</label>
          <select id="dataset-select" data-testid="dataset-select" value={id} aria-describedby="dataset-description" onChange={(e) => commands.choose(e.target.value as DatasetName)}>
            <optgroup label="Built in">
              {BUILT_IN.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </optgroup>
            {(uploads.length > 0 || dataset.missing) && (
              <optgroup label="Uploaded">
                {uploads.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.label}
                  </option>
                ))}
                {dataset.missing && <option value={id}>{gone ? `${gone.label} (removed)` : dataset.label}</option>}
              </optgroup>
            )}
          </select>
          {dataset.uploaded && !dataset.missing && (
            <button
              type="button"
              className="small"
              data-testid="dataset-remove"
              onClick={() => {
                setRemoved({ id, label: dataset.label });
                commands.remove(id);
              }}
            >
              Forget this upload
            </button>
          )}
        </div>
        {gone ? (
          <p id="dataset-description" className="field-help" role="status" data-testid="dataset-removed">
            Removed "{gone.label}" from this browser. Choose another dataset, or upload the file again.
          </p>
        ) : (
          <p id="dataset-description" className="field-help">
            <InlineCode text={dataset.description} /> Input {shape}
            {dataset.numClasses ? `, ${dataset.numClasses} classes` : ''}.
          </p>
        )}
        {!dataset.missing && (
          <p className="small" data-testid="dataset-rows">
            <span data-testid="dataset-train-rows">{formatCount(shown?.trainRows ?? dataset.trainRows)}</span> train rows (validation is split off these) ·{' '}
            <span data-testid="dataset-test-rows">{formatCount(shown?.testRows ?? dataset.testRows)}</span> test rows
          </p>
        )}
        {fit && (
          <p className="blocker" role="note" data-testid="dataset-fit-error">
            This dataset does not fit the model: {fit}
          </p>
        )}
      </div>
      {isScalable(dataset) && onScaling && <FeatureScaling dataset={dataset} scaling={scaling ?? 'none'} onChange={onScaling} />}
      <UploadZone status={status} onUpload={commands.upload} onError={onError} onClear={onClear} />
      <div className="dataset-preview" aria-label="First rows of the training data" data-testid="dataset-preview">
        {previewError && !shown ? (
          <p className="upload-error" role="alert" data-testid="preview-error">
            {previewError}
          </p>
        ) : shown ? (
          <>
            <p className="muted small">
              First {shown.count} of {formatCount(shown.trainRows)} training rows:
            </p>
            <DatasetPreview preview={shown} featureNames={dataset.featureNames} />
            {dataset.featureStats && <ColumnStatsTable names={dataset.featureNames ?? []} stats={dataset.featureStats} target={dataset.targetStats?.[0] ?? null} />}
          </>
        ) : (
          <p className="muted small">Loading the first rows…</p>
        )}
      </div>
    </section>
  );
}
