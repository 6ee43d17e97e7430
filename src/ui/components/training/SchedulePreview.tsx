/** A small SVG plot of the learning rate over the planned run (previewSchedule). */
import { useMemo } from 'react';
import { previewSchedule, type LrSchedule } from '../../../engine/schedules';

interface Props {
  base: number;
  schedule: LrSchedule;
  totalSteps: number;
  stepsPerEpoch: number;
}

const W = 240;
const H = 64;

export function SchedulePreview({ base, schedule, totalSteps, stepsPerEpoch }: Props) {
  const pts = useMemo(() => previewSchedule(base, schedule, totalSteps, stepsPerEpoch, 120), [base, schedule, totalSteps, stepsPerEpoch]);
  if (pts.length === 0) return <p className="muted small">No preview: the schedule settings are invalid.</p>;
  const maxLr = Math.max(...pts.map((p) => p.lr), 1e-12);
  const maxStep = Math.max(1, pts.at(-1)!.step);
  const path = pts.map((p, i) => `${i ? 'L' : 'M'}${((p.step / maxStep) * (W - 8) + 4).toFixed(1)},${(H - 4 - (p.lr / maxLr) * (H - 12)).toFixed(1)}`).join(' ');
  const last = pts.at(-1)!.lr;
  return (
    <figure className="schedule-preview" data-testid="schedule-preview">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={`Learning rate from ${base.toPrecision(3)} to ${last.toPrecision(3)} over ${maxStep} steps`}>
        <line x1="4" x2={W - 4} y1={H - 4} y2={H - 4} className="axis" />
        <path d={path} className="lr-line" fill="none" />
      </svg>
      <figcaption className="muted small">
        lr {base.toPrecision(3)} → {last.toPrecision(3)} over {maxStep.toLocaleString('en-US')} steps
        {schedule.kind === 'plateau' ? ' (drops when validation stalls)' : ''}
      </figcaption>
    </figure>
  );
}
