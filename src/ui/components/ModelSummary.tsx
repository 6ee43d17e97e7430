/** One line of facts about the loaded model: dataset, rows, parameters, batch and steps. */
import { formatCount } from '../format';
import type { ModelInfo } from '../../worker/protocol';

export function ModelSummary({ model, loading }: { model: ModelInfo | null; loading: boolean }) {
  if (loading || !model) return <p className="muted model-summary">{loading ? 'Building the model…' : 'No model loaded.'}</p>;
  return (
    <p className="muted model-summary" data-testid="model-summary">
      Dataset <strong>{model.dataset}</strong> · {formatCount(model.trainRows)} train / {formatCount(model.validationRows)} validation /{' '}
      {formatCount(model.testRows)} test rows · {formatCount(model.paramCount)} parameters · batch {model.batchSize} ·{' '}
      {model.stepsPerEpoch} steps per epoch · {model.dispatchesPerStep} dispatches per step
    </p>
  );
}
