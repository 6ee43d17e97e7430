/**
 * Evaluation: test loss/accuracy (Evaluate button), the confusion matrix for classifiers, the
 * prediction scatter for regression, and for 2-feature datasets the decision-boundary heat map
 * that follows training.
 */
import { formatLoss, formatPercent } from '../../format';
import type { BoundaryReport, EvalReport } from '../../../worker/protocol';
import { ConfusionMatrix } from './ConfusionMatrix';
import { DecisionBoundary } from './DecisionBoundary';
import { InputSketchSlot } from './InputSketchSlot';
import { RegressionScatter } from './RegressionScatter';

interface Props {
  evaluation: EvalReport | null;
  evalSeq: number;
  boundary: BoundaryReport | null;
  is2d: boolean;
  inputShape: readonly number[];
  canEvaluate: boolean;
  onEvaluate: () => void;
}

export function EvaluationPanel({ evaluation, evalSeq, boundary, is2d, inputShape, canEvaluate, onEvaluate }: Props) {
  const classify = evaluation ? evaluation.confusion !== null : boundary?.task === 'classification';
  return (
    <section className="panel evaluation" aria-labelledby="evaluation-title" data-testid="evaluation">
      <div className="panel-head">
        <h2 id="evaluation-title">Evaluation</h2>
        <button type="button" className="small" disabled={!canEvaluate} onClick={onEvaluate} data-testid="evaluate">
          Evaluate on the test set
        </button>
      </div>
      <p data-testid="test-result" className="eval-line" data-eval-seq={evalSeq}>
        {evaluation ? (
          <>
            Test set ({evaluation.count.toLocaleString('en-US')} samples): loss <strong>{formatLoss(evaluation.loss)}</strong>
            {classify && (
              <>
                {' '}
                · accuracy <strong data-testid="eval-accuracy">{formatPercent(evaluation.accuracy)}</strong>
              </>
            )}
          </>
        ) : (
          <span className="muted">Not evaluated yet: results appear when a run ends.</span>
        )}
      </p>
      <div className="eval-grid">
        {is2d && (boundary ? <DecisionBoundary grid={boundary} /> : <div className="boundary placeholder muted small">The heat map appears once the model is built.</div>)}
        {evaluation?.confusion && <ConfusionMatrix matrix={evaluation.confusion} />}
        {evaluation?.scatter && evaluation.scatter.length > 0 && <RegressionScatter points={evaluation.scatter} />}
        <InputSketchSlot inputShape={inputShape} />
      </div>
    </section>
  );
}
