/**
 * Evaluation: test loss/accuracy (Evaluate button), the confusion matrix and the gallery of
 * misclassified samples for classifiers, for regression R², MAE and the mean-predictor baseline next
 * to the loss (MSE), warnings when the model learned only the mean, and the prediction scatter; for 2-feature
 * datasets the decision-boundary heat map that follows training, and for image classifiers
 * ([H, W, 1] inputs) a pad to draw on that the model classifies live.
 */
import { formatLoss, formatPercent } from '../../format';
import type { BoundaryReport, EvalReport, MisclassifiedReport, PredictionReport, RegressionReport } from '../../../worker/protocol';
import { ConfusionMatrix } from './ConfusionMatrix';
import { DecisionBoundary } from './DecisionBoundary';
import { DrawToClassify } from './DrawToClassify';
import { TrySentence } from './TrySentence';
import { MisclassifiedGallery } from './MisclassifiedGallery';
import { RegressionScatter } from './RegressionScatter';

interface Props {
  evaluation: EvalReport | null;
  evalSeq: number;
  boundary: BoundaryReport | null;
  is2d: boolean;
  inputShape: readonly number[];
  /** The dataset is a classification task. */
  classifier: boolean;
  canEvaluate: boolean;
  onEvaluate: () => void;
  /** The misclassified samples of evaluation number `evalSeq` (shown only with that evaluation). */
  misclassified: (MisclassifiedReport & { evalSeq: number }) | null;
  /** The evaluated dataset's class names and feature names (a CSV's header), when it has them. */
  classNames?: readonly string[];
  featureNames?: readonly string[];
  sketch: {
    prediction: PredictionReport | null;
    canPredict: boolean;
    training: boolean;
    modelVersion: string;
    onPredict: (id: number, input: Float32Array) => void;
    onPredictText: (id: number, text: string) => void;
    /** Models with attention: show the attention maps of a typed text. */
    onShowAttention?: (text: string) => void;
  };
  /** The dataset's rows are made from texts: a typed sentence can be classified. */
  fromText?: boolean;
}

export function EvaluationPanel({ evaluation, evalSeq, boundary, is2d, inputShape, classifier, canEvaluate, onEvaluate, misclassified, sketch, classNames, featureNames, fromText = false }: Props) {
  const classify = evaluation ? evaluation.confusion !== null : boundary?.task === 'classification';
  const drawable = classifier && inputShape.length === 3 && inputShape[2] === 1;
  const gallery = evaluation?.confusion && misclassified && misclassified.evalSeq === evalSeq && misclassified.split === evaluation.split ? misclassified : null;
  // The matrix's class names: the dataset's, else those the worker sent with the gallery (one per class).
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
            {!classify && evaluation.regression && <RegressionLine r={evaluation.regression} />}
          </>
        ) : (
          <span className="muted">Not evaluated yet: results appear when a run ends.</span>
        )}
      </p>
      {evaluation?.warnings && evaluation.warnings.length > 0 && (
        <div className="alert warn" role="status" data-testid="eval-warnings">
          {evaluation.warnings.map((w) => (
            <p key={w}>{w}</p>
          ))}
        </div>
      )}
      <div className="eval-grid">
        {is2d && (boundary ? <DecisionBoundary grid={boundary} /> : <div className="boundary placeholder muted small">The heat map appears once the model is built.</div>)}
        {evaluation?.confusion && <ConfusionMatrix matrix={evaluation.confusion} classNames={[classNames, gallery?.classNames].find((n) => n?.length === evaluation.confusion?.length)} />}
        {evaluation?.scatter && evaluation.scatter.length > 0 && <RegressionScatter points={evaluation.scatter} />}
        {drawable && <DrawToClassify inputShape={inputShape} {...sketch} />}
        {classifier && fromText && (
          <TrySentence
            prediction={sketch.prediction}
            canPredict={sketch.canPredict}
            training={sketch.training}
            modelVersion={sketch.modelVersion}
            onPredictText={sketch.onPredictText}
            onShowAttention={sketch.onShowAttention}
          />
        )}
      </div>
      {gallery && evaluation && <MisclassifiedGallery report={gallery} count={evaluation.count} featureNames={featureNames} />}
    </section>
  );
}

/** R², MAE and the MSE of always predicting the training mean, beside the loss (MSE). */
function RegressionLine({ r }: { r: RegressionReport }) {
  return (
    <>
      {' '}
      · R² <strong data-testid="eval-r2">{Number.isFinite(r.r2) ? r.r2.toFixed(3) : String(r.r2)}</strong> · MAE <strong data-testid="eval-mae">{formatLoss(r.mae)}</strong>{' '}
      <span className="muted" data-testid="eval-baseline" title="The MSE of always predicting the training targets' mean: a useful model stays well below it.">
        (predicting the mean: MSE {formatLoss(r.baselineMse)})
      </span>
    </>
  );
}
