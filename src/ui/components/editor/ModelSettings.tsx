/**
 * Model-level settings, shown inside the Training settings panel: loss, output layer, optimizer and
 * its hyperparameters, weight decay and gradient clipping, with the errors about them.
 */
import { LOSSES, OPTIMIZERS, type LossName, type OptimizerName } from '../../../engine/spec';
import { allHyperFields } from '../../../engine/optimizers';
import { LOSS_DEFAULTS } from '../../../engine/losses';
import { parseClassWeights, WEIGHTED_LOSSES } from '../../../engine/class-weights';
import type { EditorAnalysis } from '../../model/analysis';
import { optimizerFields, setLoss, setLossOption, setModelField, setOptimizerField, setOptimizerType, setOutput } from '../../model/edit-spec';
import type { FieldDesc } from '../../model/fields';
import type { ProjectCore } from '../../project/types';
import { FieldInput } from './FieldInput';

interface Props {
  core: ProjectCore;
  analysis: EditorAnalysis;
  update: (fn: (c: ProjectCore) => ProjectCore, coalesce?: string) => void;
}

/** The editor field of each hyperparameter, from the optimizer table (label, default, range). */
const HYPER: Record<string, FieldDesc> = Object.fromEntries(
  allHyperFields().map((f): [string, FieldDesc] => {
    const base = { key: f.key, label: f.label };
    if (typeof f.default === 'boolean') return [f.key, { ...base, kind: 'bool', default: f.default }];
    const range = f.range === 'fraction' ? { min: 0, max: 1, maxExclusive: true } : f.range === 'nonnegative' ? { min: 0 } : { min: 0, minExclusive: true };
    return [f.key, { ...base, kind: 'number', ...range, ...(f.key === 'lr' ? {} : { optional: true }) }];
  }),
);

/** The losses that take label smoothing: the cross-entropies. */
const SMOOTHED = new Set<LossName>(['sparse_categorical_crossentropy', 'categorical_crossentropy', 'binary_crossentropy']);

export function ModelSettings({ core, analysis, update }: Props) {
  const { spec } = core;
  const err = (field: string) => analysis.modelErrors.find((e) => e.field === field)?.message ?? null;
  const opt = spec.optimizer as unknown as Record<string, unknown>;
  const hypers = optimizerFields(spec.optimizer);
  return (
    <section className="model-settings" aria-labelledby="model-settings-title">
      <h3 id="model-settings-title">Loss and optimizer</h3>
      <FieldInput
        desc={{ key: 'loss', label: 'Loss', kind: 'select', options: LOSSES }}
        value={spec.loss}
        externalError={err('loss')}
        testId="model-loss"
        onCommit={(v) => v && update((c) => ({ ...c, spec: setLoss(c.spec, v as LossName) }))}
      />
      {SMOOTHED.has(spec.loss) && (
        <FieldInput
          desc={{ key: 'labelSmoothing', label: 'Label smoothing', kind: 'number', min: 0, max: 1, maxExclusive: true, optional: true, default: 0, help: "Targets become t (1 - ε) + ε / classes (binary: ε / 2), Keras's label_smoothing; for class ids as PyTorch's CrossEntropyLoss (Keras's sparse loss has none)" }}
          value={spec.lossOptions?.labelSmoothing}
          externalError={err('lossOptions')}
          testId="loss-label-smoothing"
          onCommit={(v) => update((c) => ({ ...c, spec: setLossOption(c.spec, 'labelSmoothing', v as number | undefined) }), 'lossOptions.labelSmoothing')}
        />
      )}
      {WEIGHTED_LOSSES.has(spec.loss) && (
        <FieldInput
          desc={{ key: 'classWeights', label: 'Class weights', kind: 'shape', optional: true, help: `One weight per class${spec.loss === 'binary_crossentropy' ? ' (w0, w1)' : ''}, such as "1, 1, 2.5": Keras's class_weight in fit, each sample's training loss times its class's weight, then the mean over the batch; the validation loss is unweighted (not PyTorch's weight=, which divides by the sum of the weights)` }}
          value={spec.lossOptions?.classWeights}
          externalError={err('lossOptions')}
          testId="loss-class-weights"
          parse={(t) => (t.trim() === '' ? { value: undefined } : ((r) => (Array.isArray(r) ? { value: r } : r))(parseClassWeights(t)))}
          onCommit={(v) => update((c) => ({ ...c, spec: setLossOption(c.spec, 'classWeights', v as number[] | undefined) }), 'lossOptions.classWeights')}
        />
      )}
      {spec.loss === 'huber' && (
        <FieldInput
          desc={{ key: 'delta', label: 'Huber delta', kind: 'number', min: 0, minExclusive: true, optional: true, default: LOSS_DEFAULTS.delta, help: "Squared error below delta, linear above (Keras's default 1.0)" }}
          value={spec.lossOptions?.delta}
          externalError={err('lossOptions')}
          testId="loss-delta"
          onCommit={(v) => update((c) => ({ ...c, spec: setLossOption(c.spec, 'delta', v as number | undefined) }), 'lossOptions.delta')}
        />
      )}
      <FieldInput
        desc={{ key: 'output', label: 'Output layer', kind: 'select', options: spec.layers.map((l) => l.id) }}
        value={spec.layers.some((l) => l.id === spec.output) ? spec.output : undefined}
        externalError={err('output')}
        testId="model-output"
        onCommit={(v) => v && update((c) => ({ ...c, spec: setOutput(c.spec, String(v)) }))}
      />
      <FieldInput
        desc={{ key: 'optimizer', label: 'Optimizer', kind: 'select', options: OPTIMIZERS }}
        value={spec.optimizer.type}
        externalError={err('optimizer')}
        testId="model-optimizer"
        onCommit={(v) => v && update((c) => ({ ...c, spec: setOptimizerType(c.spec, v as OptimizerName) }))}
      />
      {hypers.map((h) => {
        const desc = HYPER[h.key] ?? { key: h.key, label: h.label, kind: 'number', optional: true };
        const withDefault = desc.kind === 'number' ? { ...desc, default: h.value as number } : desc;
        return (
          <FieldInput
            key={`${spec.optimizer.type}.${h.key}`}
            desc={withDefault}
            value={opt[h.key] ?? (h.key === 'lr' ? h.value : undefined)}
            externalError={err(`optimizer.${h.key}`)}
            testId={`optimizer-${h.key}`}
            onCommit={(v) => update((c) => ({ ...c, spec: setOptimizerField(c.spec, h.key, v) }), `optimizer.${h.key}`)}
          />
        );
      })}
      <FieldInput
        desc={{ key: 'weightDecay', label: 'Weight decay (L2)', kind: 'number', min: 0, optional: true, default: 0 }}
        value={spec.weightDecay}
        externalError={err('weightDecay')}
        testId="model-weight-decay"
        onCommit={(v) => update((c) => ({ ...c, spec: setModelField(c.spec, 'weightDecay', v as number | undefined) }), 'weightDecay')}
      />
      <FieldInput
        desc={{ key: 'clipNorm', label: 'Clip gradient norm', kind: 'number', min: 0, minExclusive: true, optional: true, help: 'Empty: no clipping' }}
        value={spec.clipNorm}
        externalError={err('clipNorm')}
        testId="model-clip-norm"
        onCommit={(v) => update((c) => ({ ...c, spec: setModelField(c.spec, 'clipNorm', v as number | undefined) }), 'clipNorm')}
      />
    </section>
  );
}
