/** The dashboard's export and import row: the Export menu beside the Import control. */
import type { ExportFormat } from '../../../io/exporters';
import type { IoState } from '../../io/io-state';
import { ExportMenu } from './ExportMenu';
import { ImportControl } from './ImportControl';

interface Props {
  io: IoState;
  /** Why neither is possible now (not built, training, ...). */
  blocked: string | null;
  /** The weights diverged: export waits for a restore or reset (import is still possible). */
  diverged: boolean;
  int8Current: boolean;
  classify: boolean;
  stem: string;
  commands: { exportAs: (f: ExportFormat) => void; measureInt8: () => void; importFiles: (files: File[]) => Promise<void> };
}

export function ModelIoPanel({ io, blocked, diverged, int8Current, classify, stem, commands }: Props) {
  const exportBlocked = blocked ?? (diverged ? 'The loss diverged: restore the last good weights or press Reset before exporting.' : null);
  return (
    <div className="model-io" role="group" aria-label="Export and import weights" data-testid="model-io">
      <ExportMenu
        blocked={exportBlocked}
        job={io.export}
        int8={io.int8}
        int8Current={int8Current}
        classify={classify}
        stem={stem}
        onExport={commands.exportAs}
        onMeasureInt8={commands.measureInt8}
      />
      <ImportControl job={io.import} blocked={blocked} onImport={(files) => void commands.importFiles(files)} />
    </div>
  );
}
