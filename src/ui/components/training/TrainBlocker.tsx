/**
 * Why Train is disabled, under the play controls. When the reason is a head that does not fit the
 * dataset (output-fix.ts), a button applies the whole fix (last Dense units, output activation and
 * loss together) as one undoable edit.
 */
import type { DatasetInfo } from '../../model/dataset-info';
import { outputFix } from '../../model/output-fix';
import type { ProjectCore } from '../../project/types';

interface Props {
  blocker: string;
  core: ProjectCore;
  dataset: DatasetInfo;
  update: (fn: (c: ProjectCore) => ProjectCore) => void;
}

export function TrainBlocker({ blocker, core, dataset, update }: Props) {
  const fixable = outputFix(core.spec, dataset) !== null;
  const apply = () =>
    update((c) => {
      // The latest core, with the dataset as shown (the button only appears for it).
      if (c.dataset !== dataset.id) return c;
      const spec = outputFix(c.spec, dataset);
      return spec ? { ...c, spec } : c;
    });
  return (
    <div className="train-blocker">
      <p className="blocker" role="note" data-testid="train-blocker">
        Cannot train: {blocker}
      </p>
      {fixable && (
        <button type="button" className="small" onClick={apply} data-testid="fit-output">
          Make the output fit this dataset
        </button>
      )}
    </div>
  );
}
