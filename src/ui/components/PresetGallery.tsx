/**
 * Every preset as a card (title, description, dataset); one click loads its graph, dataset and
 * settings. While an uploaded dataset is selected, a click first asks (a modal dialog) whether to
 * switch to the example's dataset; the upload stays in the list either way.
 */
import { useEffect, useRef, useState } from 'react';
import { datasetMeta } from '../../data/catalog';
import { PRESETS, type Preset } from '../../presets/presets';
import { useModalDialog } from './useModalDialog';

interface Props {
  activeId: string | null;
  disabled: boolean;
  onLoad: (p: Preset) => void;
  /** The selected upload's name, when the project trains on an upload (loading an example asks first). */
  upload?: string | null;
}

function ConfirmSwitch({ pending, upload, onConfirm, onCancel }: { pending: Preset | null; upload: string; onConfirm: () => void; onCancel: () => void }) {
  const ref = useModalDialog(pending !== null);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="preset-switch-title" aria-describedby="preset-switch-text" onClose={onCancel} data-testid="preset-switch-dialog">
      <h2 id="preset-switch-title">Switch to the example's dataset?</h2>
      <p id="preset-switch-text">
        {pending ? `The example "${pending.title}" trains on ${datasetMeta(pending.dataset).label}; the project trains on "${upload}" now. ` : ''}
        Your upload stays in the list.
      </p>
      <div className="row">
        <button type="button" className="primary" onClick={onConfirm} data-testid="preset-switch-confirm">
          Switch
        </button>
        <button type="button" onClick={onCancel} autoFocus data-testid="preset-switch-cancel">
          Stay on my upload
        </button>
      </div>
    </dialog>
  );
}

export function PresetGallery({ activeId, disabled, onLoad, upload = null }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const [pending, setPending] = useState<Preset | null>(null);
  // The row opens at its beginning; when the active example changes later (a click, a loaded
  // project), its card is brought into view within the row (without scrolling the page).
  const shown = useRef(false);
  useEffect(() => {
    const ul = list.current;
    const card = ul?.querySelector<HTMLElement>('.preset-card.active');
    if (!ul || !card) return;
    if (!shown.current) {
      shown.current = true;
      return;
    }
    const li = card.parentElement!;
    if (li.offsetLeft < ul.scrollLeft) ul.scrollLeft = li.offsetLeft - 8;
    else if (li.offsetLeft + li.offsetWidth > ul.scrollLeft + ul.clientWidth) ul.scrollLeft = li.offsetLeft + li.offsetWidth - ul.clientWidth + 8;
  }, [activeId]);
  return (
    <section className="presets" aria-labelledby="presets-title">
      <h2 id="presets-title">Examples</h2>
      <ul className="preset-cards" ref={list}>
        {PRESETS.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className={`preset-card${p.id === activeId ? ' active' : ''}`}
              data-testid={`preset-${p.id}`}
              disabled={disabled}
              aria-pressed={p.id === activeId}
              onClick={() => (upload ? setPending(p) : onLoad(p))}
            >
              <span className="preset-title">
                {p.number !== null && <span className="preset-number">#{p.number}</span>} {p.title}
              </span>
              <span className="preset-blurb">{p.blurb}</span>
              <span className="preset-desc">{p.description}</span>
              <span className="preset-data">
                {datasetMeta(p.dataset).label} · {p.train.epochs} epochs · batch {p.train.batchSize}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <ConfirmSwitch
        pending={pending}
        upload={upload ?? ''}
        onConfirm={() => {
          const p = pending;
          setPending(null);
          if (p) onLoad(p);
        }}
        onCancel={() => setPending(null)}
      />
    </section>
  );
}
