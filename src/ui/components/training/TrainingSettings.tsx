/**
 * Training settings (the dataset is chosen in the Dataset panel): batch size, epochs, validation split, seed,
 * the loss, optimizer and learning rate (ModelSettings: where one looks when training goes badly), and
 * the learning-rate schedule with its parameters and a preview plot.
 */
import { WARMUP_DEFAULT_START, type LrSchedule } from '../../../engine/schedules';
import { optimizerDefaults } from '../../../engine/spec';
import type { EditorAnalysis } from '../../model/analysis';
import type { DatasetInfo } from '../../model/dataset-info';
import type { FieldDesc } from '../../model/fields';
import type { ProjectCore } from '../../project/types';
import { FieldInput } from '../editor/FieldInput';
import { ModelSettings } from '../editor/ModelSettings';
import { SchedulePreview } from './SchedulePreview';

interface Props {
  core: ProjectCore;
  dataset: DatasetInfo;
  analysis: EditorAnalysis;
  update: (fn: (c: ProjectCore) => ProjectCore, coalesce?: string) => void;
}

const KINDS: LrSchedule['kind'][] = ['constant', 'step', 'exponential', 'cosine', 'onecycle', 'plateau'];

const SCHEDULE_FIELDS: Record<LrSchedule['kind'], FieldDesc[]> = {
  constant: [],
  step: [
    { key: 'dropEvery', label: 'Drop every (epochs)', kind: 'int', min: 1 },
    { key: 'factor', label: 'Factor', kind: 'number', min: 0, minExclusive: true, max: 1 },
  ],
  exponential: [
    { key: 'decayRate', label: 'Decay rate', kind: 'number', min: 0, minExclusive: true, max: 1 },
    { key: 'decaySteps', label: 'Decay steps', kind: 'number', min: 0, minExclusive: true },
  ],
  cosine: [
    { key: 'totalSteps', label: 'Total steps', kind: 'int', min: 1 },
    { key: 'minLr', label: 'Final fraction of lr', kind: 'number', min: 0, max: 1, optional: true, default: 0 },
  ],
  onecycle: [
    { key: 'totalSteps', label: 'Total steps', kind: 'int', min: 2 },
    { key: 'pctStart', label: 'Rising fraction', kind: 'number', min: 0, minExclusive: true, max: 1, maxExclusive: true, optional: true, default: 0.3 },
    { key: 'divFactor', label: 'Start divisor', kind: 'number', min: 1, optional: true, default: 25 },
    { key: 'finalDivFactor', label: 'Final divisor (of the start)', kind: 'number', min: 1, optional: true, default: 1e4 },
  ],
  plateau: [
    { key: 'factor', label: 'Factor', kind: 'number', min: 0, minExclusive: true, max: 1, maxExclusive: true },
    { key: 'patience', label: 'Patience (epochs)', kind: 'int', min: 0 },
    { key: 'minLr', label: 'Minimum lr', kind: 'number', min: 0 },
  ],
};

/** Linear warm-up in front of any schedule (schedules.ts: Warmup). */
const WARMUP_FIELDS: FieldDesc[] = [
  { key: 'warmupSteps', label: 'Warm-up steps', kind: 'int', min: 0, optional: true, default: 0 },
  { key: 'warmupStart', label: 'Warm-up start (fraction of lr)', kind: 'number', min: 0, minExclusive: true, max: 1, optional: true, default: WARMUP_DEFAULT_START },
];

export function stepsPerEpochOf(core: ProjectCore, trainRows: number): number {
  const rows = Math.round(trainRows * (1 - core.settings.validationSplit));
  return Math.max(1, Math.ceil(rows / Math.max(1, core.settings.batchSize)));
}

function defaultSchedule(kind: LrSchedule['kind'], totalSteps: number): LrSchedule {
  switch (kind) {
    case 'constant':
      return { kind };
    case 'step':
      return { kind, dropEvery: 10, factor: 0.5 };
    case 'exponential':
      return { kind, decayRate: 0.96, decaySteps: 100 };
    case 'cosine':
      return { kind, totalSteps: Math.max(1, totalSteps), minLr: 0 };
    case 'onecycle':
      return { kind, totalSteps: Math.max(10, totalSteps) };
    case 'plateau':
      return { kind, factor: 0.5, patience: 3, minLr: 1e-5 };
  }
}

export function TrainingSettings({ core, dataset, analysis, update }: Props) {
  const s = core.settings;
  const set = (patch: Partial<ProjectCore['settings']>, key: string) => update((c) => ({ ...c, settings: { ...c.settings, ...patch } }), `settings.${key}`);
  const perEpoch = stepsPerEpochOf(core, dataset.trainRows);
  const total = perEpoch * s.epochs;
  const sched = s.schedule as unknown as Record<string, unknown>;
  return (
    <section className="panel settings" aria-labelledby="settings-title" data-testid="training-settings">
      <h2 id="settings-title">Training settings</h2>
      <div className="field-grid">
        <FieldInput desc={{ key: 'batchSize', label: 'Batch size', kind: 'int', min: 1, max: 4096 }} value={s.batchSize} testId="settings-batch" onCommit={(v) => set({ batchSize: v as number }, 'batch')} />
        <FieldInput desc={{ key: 'epochs', label: 'Epochs', kind: 'int', min: 1, max: 100000 }} value={s.epochs} testId="settings-epochs" onCommit={(v) => set({ epochs: v as number }, 'epochs')} />
        <FieldInput
          desc={{ key: 'validationSplit', label: 'Validation split', kind: 'number', min: 0, max: 0.9 }}
          value={s.validationSplit}
          testId="settings-val-split"
          onCommit={(v) => set({ validationSplit: v as number }, 'val')}
        />
        <FieldInput desc={{ key: 'seed', label: 'Seed', kind: 'int', min: 0, max: 2 ** 31 - 1 }} value={s.seed} testId="settings-seed" onCommit={(v) => set({ seed: v as number }, 'seed')} />
      </div>
      <ModelSettings core={core} analysis={analysis} update={update} />
      <FieldInput
        desc={{ key: 'kind', label: 'Learning-rate schedule', kind: 'select', options: KINDS }}
        value={s.schedule.kind}
        testId="settings-schedule"
        onCommit={(v) =>
          v &&
          update((c) => {
            const { warmupSteps, warmupStart } = c.settings.schedule; // the warm-up stays across kinds
            const warm = { ...(warmupSteps !== undefined ? { warmupSteps } : {}), ...(warmupStart !== undefined ? { warmupStart } : {}) };
            return { ...c, settings: { ...c.settings, schedule: { ...defaultSchedule(v as LrSchedule['kind'], total), ...warm } } };
          })
        }
      />
      <div className="field-grid">
        {[...SCHEDULE_FIELDS[s.schedule.kind], ...WARMUP_FIELDS].map((f) => (
          <FieldInput
            key={`${s.schedule.kind}.${f.key}`}
            desc={f}
            value={sched[f.key]}
            testId={`schedule-${f.key}`}
            onCommit={(v) =>
              update((c) => {
                const next = { ...c.settings.schedule } as Record<string, unknown>;
                if (v === undefined) delete next[f.key];
                else next[f.key] = v;
                return { ...c, settings: { ...c.settings, schedule: next as unknown as LrSchedule } };
              }, `schedule.${f.key}`)
            }
          />
        ))}
      </div>
      <SchedulePreview base={optimizerDefaults(core.spec.optimizer).lr} schedule={s.schedule} totalSteps={total} stepsPerEpoch={perEpoch} />
      <p className="muted small">
        {perEpoch} steps per epoch · {total.toLocaleString('en-US')} steps per round of {s.epochs} epochs.
      </p>
    </section>
  );
}
