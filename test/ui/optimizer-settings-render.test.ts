/**
 * The Training settings panel, rendered (react-dom/server), shows each optimizer's fields from the
 * optimizer table (a checkbox for AMSGrad, a number for the rest, each with its label) and the
 * warm-up fields under every schedule kind (and one-cycle's own); a spec's given value is shown in its field.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { layerDef } from '../../src/engine/layers/registry';
import { OPTIMIZERS, optimizerHyperFields, type OptimizerSpec } from '../../src/engine/optimizers';
import type { LrSchedule } from '../../src/engine/schedules';
import { TrainingSettings } from '../../src/ui/components/training/TrainingSettings';
import { analyzeForEditor } from '../../src/ui/model/analysis';
import { datasetInfo } from '../../src/ui/model/dataset-info';
import { DEFAULT_PRESET, presetCore } from '../../src/ui/playground/documents';

function render(optimizer: OptimizerSpec, schedule: LrSchedule = { kind: 'constant' }): string {
  const base = presetCore(DEFAULT_PRESET);
  const core = { ...base, spec: { ...base.spec, optimizer }, settings: { ...base.settings, schedule } };
  const analysis = analyzeForEditor(core, (t) => layerDef(t)?.arity);
  return renderToStaticMarkup(createElement(TrainingSettings, { core, dataset: datasetInfo(core.dataset, []), analysis, update: () => {} }));
}

describe('training settings panel', () => {
  for (const type of OPTIMIZERS) {
    it(`${type}: every field of the table's row, with its label`, () => {
      const html = render({ type });
      for (const f of optimizerHyperFields(type)) {
        expect(html, `${type}.${f.key}`).toContain(`data-testid="optimizer-${f.key}"`);
        expect(html, `${type}.${f.key}`).toContain(f.label);
      }
    });
  }

  it('AMSGrad is a checkbox, and given values show', () => {
    const html = render({ type: 'adamw', amsgrad: true, weightDecay: 0.05 });
    const input = (testId: string) => new RegExp(`<input[^>]*data-testid="${testId}"[^>]*>`).exec(html)?.[0] ?? '';
    expect(input('optimizer-amsgrad')).toContain('type="checkbox"');
    expect(input('optimizer-amsgrad')).toContain('checked=""');
    expect(input('optimizer-weightDecay')).toContain('value="0.05"');
    expect(html).toContain('Weight decay (decoupled)');
    expect(render({ type: 'sgd' })).not.toContain('optimizer-amsgrad');
  });

  it('the warm-up fields show under every schedule kind', () => {
    const kinds: LrSchedule[] = [{ kind: 'constant', warmupSteps: 7 }, { kind: 'cosine', totalSteps: 10 }, { kind: 'onecycle', totalSteps: 100 }, { kind: 'plateau', factor: 0.5, patience: 2, minLr: 0 }];
    for (const s of kinds) {
      const html = render({ type: 'adam' }, s);
      expect(html, s.kind).toContain('data-testid="schedule-warmupSteps"');
      expect(html, s.kind).toContain('data-testid="schedule-warmupStart"');
    }
    const cycle = render({ type: 'adam' }, { kind: 'onecycle', totalSteps: 100 });
    for (const k of ['totalSteps', 'pctStart', 'divFactor', 'finalDivFactor']) expect(cycle).toContain(`data-testid="schedule-${k}"`);
    expect(render({ type: 'adam' }, { kind: 'constant', warmupSteps: 7 })).toMatch(/<input[^>]*data-testid="schedule-warmupSteps"[^>]*value="7"/);
  });
});
