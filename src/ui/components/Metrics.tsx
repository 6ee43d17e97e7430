/** Latest training loss, the last epoch's validation results and an on-demand test evaluation. */
import { formatLoss, formatPercent } from '../format';
import type { UiState } from '../state';
import type { ToWorker } from '../../worker/protocol';

interface Props {
  state: Pick<UiState, 'model' | 'progress' | 'lastEpoch' | 'evaluation'>;
  canEvaluate: boolean;
  send: (cmd: ToWorker) => void;
}

export function Metrics({ state, canEvaluate, send }: Props) {
  const { model, progress, lastEpoch, evaluation } = state;
  const classify = model?.task === 'classification';
  return (
    <dl className="metrics">
      <div>
        <dt>Training loss</dt>
        <dd>
          <span data-testid="loss">{formatLoss(progress?.loss)}</span>
        </dd>
      </div>
      {classify && (
        <div>
          <dt>Training accuracy</dt>
          <dd data-testid="accuracy">{formatPercent(progress?.accuracy)}</dd>
        </div>
      )}
      <div>
        <dt>Validation loss{lastEpoch ? ` (epoch ${lastEpoch.epoch + 1}${lastEpoch.partial ? ', partial' : ''})` : ''}</dt>
        <dd>
          <span data-testid="val-loss">{formatLoss(lastEpoch?.valLoss)}</span>
        </dd>
      </div>
      {classify && (
        <div>
          <dt>Validation accuracy</dt>
          <dd data-testid="val-accuracy">{formatPercent(lastEpoch?.valAccuracy)}</dd>
        </div>
      )}
      <div className="wide">
        <dt>Test set</dt>
        <dd>
          {evaluation ? (
            <span data-testid="test-result">
              loss {formatLoss(evaluation.loss)}
              {classify && ` · accuracy ${formatPercent(evaluation.accuracy)}`}
            </span>
          ) : (
            <span className="muted">not evaluated</span>
          )}{' '}
          <button
            type="button"
            className="small"
            disabled={!canEvaluate}
            aria-label="Evaluate on the test set"
            onClick={() => send({ type: 'evaluate', split: 'test' })}
          >
            Evaluate
          </button>
        </dd>
      </div>
    </dl>
  );
}
