/** One line of facts about the model the worker has built: dataset, rows, parameters, batch and steps. */
import { formatCount } from '../format';
import type { ModelInfo } from '../../worker/protocol';

export function ModelSummary({ model, building }: { model: ModelInfo | null; building: boolean }) {
  if (building || !model) return <p className="muted model-summary">{building ? 'Building the model…' : 'The model is built when it is valid.'}</p>;
  return (
    <p className="muted model-summary" data-testid="model-summary">
      Dataset <strong>{model.dataset}</strong> · {formatCount(model.trainRows)} train / {formatCount(model.validationRows)} validation / {formatCount(model.testRows)} test
      rows · {formatCount(model.paramCount)} parameters · batch {model.batchSize} · {model.stepsPerEpoch} steps per epoch · {model.dispatchesPerStep} GPU dispatches per
      step
    </p>
  );
}
