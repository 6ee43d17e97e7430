/**
 * The top bar: Train / Pause / Step / Stop / Reset, the run's progress line and its numbers (loss,
 * accuracy, validation and test), the reason Train is disabled, and buttons for the parts that open
 * on demand (`tools`). Only this bar (and the curves) re-render for training progress.
 */
import type { ReactNode } from 'react';
import type { EpochReport, EvalReport, ProgressReport, RunStatus } from '../../../worker/protocol';
import { Metrics } from '../training/Metrics';
import { ProgressBar } from '../training/ProgressBar';
import { MemoControls } from './panels';

interface Props {
  status: RunStatus;
  blocked: boolean;
  commands: { train: () => void; pause: () => void; resume: () => void; stepBatch: () => void; stop: () => void; resetWeights: () => void };
  epoch: number;
  epochs: number;
  batchSize: number;
  progress: ProgressReport | null;
  classify: boolean;
  last: EpochReport | null;
  evaluation: EvalReport | null;
  /** The blocker or the "model changed" note, under the bar. */
  note: ReactNode;
  tools: ReactNode;
  guard: (name: string, label: string, node: ReactNode) => ReactNode;
}

export function TopBar({ status, blocked, commands, epoch, epochs, batchSize, progress, classify, last, evaluation, note, tools, guard }: Props) {
  return (
    <section className="panel dashboard topbar" aria-label="Training" data-testid="top-bar">
      <div className="dashboard-top">
        {guard('controls', 'The training controls', <MemoControls status={status} blocked={blocked} commands={commands} />)}
        {guard('progress', 'The progress bar', <ProgressBar status={status} epoch={epoch} epochs={epochs} batchSize={batchSize} progress={progress} />)}
        {guard('metrics', 'The metrics', <Metrics classify={classify} progress={progress} last={last} evaluation={evaluation} />)}
        <div className="topbar-tools">{tools}</div>
      </div>
      {note}
    </section>
  );
}
