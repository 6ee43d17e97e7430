/**
 * Feature scaling of a numeric CSV upload, in the Dataset panel: a select bound to the project's
 * settings.scaling (pre-set to the suggestion when the upload is chosen), the suggestion with its
 * reason, and what scaling does. Statistics are the upload's training rows' (never its test rows).
 */
import { useId } from 'react';
import { SCALING_LABELS, SCALING_MODES, type ScalingMode } from '../../../data/scaling';
import type { DatasetInfo } from '../../model/dataset-info';

interface Props {
  dataset: DatasetInfo;
  scaling: ScalingMode;
  onChange: (mode: ScalingMode) => void;
}

const WHAT: Record<ScalingMode, string> = {
  none: 'The model sees the raw values.',
  standard: 'Each feature has the mean of its training rows subtracted and is divided by their standard deviation.',
  minmax: 'Each feature is mapped so that its training rows span [0, 1] (test rows may fall outside).',
};

export function FeatureScaling({ dataset, scaling, onChange }: Props) {
  const id = useId();
  const advice = dataset.scalingAdvice;
  const regression = dataset.task === 'regression';
  return (
    <div className="feature-scaling" data-testid="feature-scaling-panel">
      <div className="field">
        <label htmlFor={`${id}-scaling`}>Feature scaling</label>
        <select id={`${id}-scaling`} data-testid="feature-scaling" value={scaling} aria-describedby={`${id}-advice ${id}-what`} onChange={(e) => onChange(e.target.value as ScalingMode)}>
          {SCALING_MODES.map((m) => (
            <option key={m} value={m}>
              {SCALING_LABELS[m]}
              {advice?.mode === m ? ' (suggested)' : ''}
            </option>
          ))}
        </select>
      </div>
      {advice && (
        <p id={`${id}-advice`} className="small" data-testid="scaling-advice">
          {advice.reason}
        </p>
      )}
      <p id={`${id}-what`} className="field-help" data-testid="scaling-note">
        {WHAT[scaling]}
        {scaling !== 'none' &&
          ` The statistics come from the training rows only${regression ? '; the regression target is scaled the same way, and predictions and metrics are given back in its own units' : ''}. Predictions and every export apply the same scaling, so the exported model takes raw rows.`}
      </p>
    </div>
  );
}
