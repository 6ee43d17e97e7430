/**
 * Why Train is disabled, under the play controls. When the reason is a head that does not fit the
 * dataset (output-fix.ts), a button applies the whole fix (a 1-D Input's width, and the last
 * Dense's units, the output activation and the loss together) as one undoable edit.
 */
import type { DatasetInfo } from '../../model/dataset-info';
import { fitToDataset, inputFix } from '../../model/output-fix';
import type { ProjectCore } from '../../project/types';

interface Props {
  blocker: string;
  core: ProjectCore;
  dataset: DatasetInfo;
  update: (fn: (c: ProjectCore) => ProjectCore) => void;
}

export function TrainBlocker({ blocker, core, dataset, update }: Props) {
  const fix = fitToDataset(core.spec, dataset);
  const label = fix && inputFix(core.spec, dataset) ? 'Make the model fit this dataset' : 'Make the output fit this dataset';
  const apply = () =>
    update((c) => {
      // The latest core, with the dataset as shown (the button only appears for it).
      if (c.dataset !== dataset.id) return c;
      const spec = fitToDataset(c.spec, dataset);
      return spec ? { ...c, spec } : c;
    });
  return (
    <div className="train-blocker">
      <p className="blocker" role="note" data-testid="train-blocker">
        Cannot train: {blocker}
      </p>
      {fix && (
        <button type="button" className="small" onClick={apply} data-testid="fit-output">
          {label}
        </button>
      )}
    </div>
  );
}
