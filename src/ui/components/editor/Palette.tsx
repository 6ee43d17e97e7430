/**
 * The layer palette: every layer type the engine registers, each draggable onto the canvas, with
 * "add" (click) and "insert after the selected layer" buttons for mouse and keyboard users.
 */
import type { DragEvent } from 'react';
import { LAYER_TYPES, layerDef } from '../../../engine/layers/registry';
import type { LayerType } from '../../../engine/spec';
import { LAYER_DRAG_TYPE } from '../canvas/Canvas';

interface Props {
  selected: string | null;
  onAdd: (type: LayerType) => void;
  onInsertAfter: (type: LayerType) => void;
}

export function Palette({ selected, onAdd, onInsertAfter }: Props) {
  const onDragStart = (e: DragEvent, type: LayerType) => {
    e.dataTransfer.setData(LAYER_DRAG_TYPE, type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <section className="palette" aria-labelledby="palette-title">
      <h2 id="palette-title">Layers</h2>
      <p className="muted small">Drag onto the canvas, or use the buttons.</p>
      <ul className="palette-list">
        {LAYER_TYPES.map((type) => (
          <li key={type} className="palette-item" draggable onDragStart={(e) => onDragStart(e, type)} data-testid={`palette-${type}`} title={layerDef(type)?.summary}>
            <span className={`layer-type t-${type.toLowerCase()}`} aria-hidden="true">
              {type}
            </span>
            <span className="palette-actions">
              <button type="button" className="icon" aria-label={`Add a ${type} layer`} data-testid={`add-${type}`} onClick={() => onAdd(type)}>
                +
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Insert a ${type} layer after ${selected ?? 'the output layer'}`}
                title={`Insert after ${selected ?? 'the output layer'}`}
                data-testid={`insert-${type}`}
                onClick={() => onInsertAfter(type)}
              >
                ↳
              </button>
            </span>
            <span className="palette-summary">{layerDef(type)?.summary}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
