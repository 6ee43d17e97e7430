/**
 * The Export menu: a disclosure button that opens the list of formats, each with a one-line
 * description and a Download button (Escape closes it and returns focus to the button). int8 first
 * measures the quantized model's test accuracy beside the float one (Int8Step). Exports run in the
 * worker on the current weights, so they wait while training runs (the reason is shown).
 */
import { useId, useRef, useState } from 'react';
import { EXPORT_FORMATS, EXPORTERS, type ExportFormat } from '../../../io/exporters';
import type { ExportJob, Int8Job } from '../../io/io-state';
import { ExportStatus } from './ExportStatus';
import { Int8Step } from './Int8Step';

interface Props {
  /** Why nothing can be exported now (null when it can). */
  blocked: string | null;
  job: ExportJob | null;
  int8: Int8Job | null;
  /** The int8 report is for the weights the worker holds now. */
  int8Current: boolean;
  classify: boolean;
  stem: string;
  onExport: (format: ExportFormat) => void;
  onMeasureInt8: () => void;
}

export function ExportMenu({ blocked, job, int8, int8Current, classify, stem, onExport, onMeasureInt8 }: Props) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();
  const working = job?.phase === 'working';
  const disabled = blocked !== null || working;
  return (
    <div
      className="export-menu"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button ref={button} type="button" className="small" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)} data-testid="export-button">
        Export model {open ? '▴' : '▾'}
      </button>
      {open && (
        <div id={panelId} className="export-panel" role="region" aria-label="Export formats" data-testid="export-menu">
          <p className="muted small">Downloads the current weights in the format of the tool you use next. Several files come as one .zip.</p>
          {blocked && (
            <p className="export-note small" role="note" data-testid="export-blocked">
              {blocked}
            </p>
          )}
          <ul className="export-list">
            {EXPORT_FORMATS.map((id) => {
              const f = EXPORTERS[id];
              return (
                <li key={id} data-testid={`export-row-${id}`}>
                  <div className="export-text">
                    <strong id={`${panelId}-${id}`}>{f.label}</strong>
                    <span className="muted small">{f.description}</span>
                  </div>
                  {id === 'int8' ? (
                    <Int8Step
                      job={int8}
                      current={int8Current}
                      classify={classify}
                      disabled={disabled || int8?.phase === 'working'}
                      onMeasure={onMeasureInt8}
                      onDownload={() => onExport('int8')}
                    />
                  ) : (
                    <button type="button" className="small" disabled={disabled} aria-label={`Download ${f.label}`} onClick={() => onExport(id)} data-testid={`export-${id}`}>
                      Download
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          <ExportStatus job={job} stem={stem} />
        </div>
      )}
    </div>
  );
}
