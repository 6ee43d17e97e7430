/** Latest training loss and accuracy, the last epoch's validation results, the test evaluation. */
import { formatLoss, formatPercent } from '../../format';
import type { EpochReport, EvalReport, ProgressReport } from '../../../worker/protocol';

interface Props {
  classify: boolean;
  progress: ProgressReport | null;
  last: EpochReport | null;
  evaluation: EvalReport | null;
}

export function Metrics({ classify, progress, last, evaluation }: Props) {
  return (
    <dl className="metrics">
      <div>
        <dt>Training loss</dt>
        <dd data-testid="loss">{formatLoss(progress?.loss ?? last?.loss)}</dd>
      </div>
      {classify && (
        <div>
          <dt>Training accuracy</dt>
          <dd data-testid="accuracy">{formatPercent(progress?.accuracy ?? last?.accuracy)}</dd>
        </div>
      )}
      <div>
        <dt>Validation loss{last ? ` (epoch ${last.epoch + 1}${last.partial ? ', partial' : ''})` : ''}</dt>
        <dd data-testid="val-loss">{formatLoss(last?.valLoss)}</dd>
      </div>
      {classify && (
        <div>
          <dt>Validation accuracy</dt>
          <dd data-testid="val-accuracy">{formatPercent(last?.valAccuracy)}</dd>
        </div>
      )}
      <div>
        <dt>Test loss</dt>
        <dd data-testid="test-loss">{formatLoss(evaluation?.loss)}</dd>
      </div>
      {classify && (
        <div>
          <dt>Test accuracy</dt>
          <dd data-testid="test-accuracy">{formatPercent(evaluation?.accuracy)}</dd>
        </div>
      )}
    </dl>
  );
}
