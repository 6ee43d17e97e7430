/**
 * The evaluation's most confident mistakes: each sample (its image, or a short text form of its
 * features or tokens) with its true class, the predicted class and the model's confidence.
 */
import type { MisclassifiedReport } from '../../../worker/protocol';
import { featureSummary } from './feature-summary';
import { SampleImage } from './SampleImage';

const SPLIT_NAMES: Record<MisclassifiedReport['split'], string> = { train: 'training', validation: 'validation', test: 'test' };

/** `featureNames`: the dataset's column names (a CSV's header), for feature rows. */
export function MisclassifiedGallery({ report, count, featureNames }: { report: MisclassifiedReport; count: number; featureNames?: readonly string[] }) {
  const { samples, classNames, inputShape, total } = report;
  const name = (c: number) => classNames[c] ?? String(c);
  const image = inputShape.length === 3 && (inputShape[2] === 1 || inputShape[2] === 3);
  const split = SPLIT_NAMES[report.split];
  return (
    <section className="misclassified" aria-labelledby="misclassified-title" data-testid="misclassified" data-total={total}>
      <h3 id="misclassified-title" className="small">
        Misclassified {split} samples
      </h3>
      <p className="muted small" data-testid="misclassified-summary">
        {total === 0
          ? `None: every one of the ${count.toLocaleString('en-US')} ${split} samples is classified correctly.`
          : `${total.toLocaleString('en-US')} of ${count.toLocaleString('en-US')} misclassified${samples.length < total ? `; the ${samples.length} most confident mistakes` : ''}:`}
      </p>
      {samples.length > 0 && (
        <ul className={image ? 'misclassified-grid' : 'misclassified-list'}>
          {samples.map((s) => {
            const caption = `true ${name(s.actual)}, predicted ${name(s.predicted)} (${(s.confidence * 100).toFixed(0)}%)`;
            return (
              <li
                key={s.index}
                data-testid="misclassified-item"
                data-actual={s.actual}
                data-predicted={s.predicted}
                data-confidence={s.confidence}
                data-index={s.index}
              >
                {image ? (
                  <SampleImage values={s.input} shape={inputShape} size={56} label={`${split} sample ${s.index}: ${caption}`} />
                ) : (
                  <code className="misclassified-features">{featureSummary(s.input, 8, featureNames)}</code>
                )}
                <span className="misclassified-caption small">
                  <span className="true-class">true {name(s.actual)}</span>
                  <span className="predicted-class">
                    → {name(s.predicted)} <span className="muted">{(s.confidence * 100).toFixed(0)}%</span>
                  </span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
