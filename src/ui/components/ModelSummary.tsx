/**
 * One line of facts about the model the worker has built: dataset (by name), rows, parameters,
 * batch and steps. When another dataset is selected (one that does not fit, or not built yet) the
 * line names the selected one first, then the one the figures are of.
 */
import { formatCount } from '../format';
import type { UploadMeta } from '../../data/uploads/types';
import { datasetName } from '../model/dataset-name';
import type { ModelInfo } from '../../worker/protocol';

interface Props {
  model: ModelInfo | null;
  building: boolean;
  /** The selected dataset's id, and the uploads (an upload is named by its file name, not its id). */
  selectedId?: string;
  uploads?: readonly UploadMeta[];
}

export function ModelSummary({ model, building, selectedId, uploads = [] }: Props) {
  if (building || !model) return <p className="muted model-summary">{building ? 'Building the model…' : 'The model is built when it is valid.'}</p>;
  const nameOf = (id: string) => datasetName(id, uploads);
  const built = nameOf(model.dataset);
  return (
    <p className="muted model-summary" data-testid="model-summary">
      {selectedId !== undefined && selectedId !== model.dataset ? (
        <>
          Dataset <strong data-testid="model-summary-dataset">{nameOf(selectedId)}</strong> is selected; these figures are of the model built on <strong>{built}</strong>
        </>
      ) : (
        <>
          Dataset <strong data-testid="model-summary-dataset">{built}</strong>
        </>
      )}{' '}
      · {formatCount(model.trainRows)} train / {formatCount(model.validationRows)} validation / {formatCount(model.testRows)} test
      rows · {formatCount(model.paramCount)} parameters · batch {model.batchSize} · {model.stepsPerEpoch} steps per epoch · {model.dispatchesPerStep} GPU dispatches per
      step
    </p>
  );
}
