/** Every preset as a card (title, description, dataset); one click loads its graph, dataset and settings. */
import { useEffect, useRef } from 'react';
import { datasetMeta } from '../../data/catalog';
import { PRESETS, type Preset } from '../../presets/presets';

interface Props {
  activeId: string | null;
  disabled: boolean;
  onLoad: (p: Preset) => void;
}

export function PresetGallery({ activeId, disabled, onLoad }: Props) {
  const list = useRef<HTMLUListElement>(null);
  // Keep the active card in view within the scrolling row (without scrolling the page).
  useEffect(() => {
    const ul = list.current;
    const card = ul?.querySelector<HTMLElement>('.preset-card.active');
    if (!ul || !card) return;
    const li = card.parentElement!;
    if (li.offsetLeft < ul.scrollLeft || li.offsetLeft + li.offsetWidth > ul.scrollLeft + ul.clientWidth) ul.scrollLeft = li.offsetLeft - 8;
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
              onClick={() => onLoad(p)}
            >
              <span className="preset-title">
                {p.number !== null && <span className="preset-number">#{p.number}</span>} {p.title}
              </span>
              <span className="preset-desc">{p.description}</span>
              <span className="preset-data">
                {datasetMeta(p.dataset).label} · {p.train.epochs} epochs · batch {p.train.batchSize}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
