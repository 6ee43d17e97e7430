/**
 * The layer palette: every layer type the engine registers, each draggable onto the canvas, with
 * "add" (click) and "insert after the selected layer" buttons for mouse and keyboard users.
 */
import type { DragEvent } from 'react';
import { LAYER_TYPES, layerDef } from '../../../engine/layers/registry';
import type { LayerType } from '../../../engine/spec';
import { BLOCK_DRAG_TYPE, LAYER_DRAG_TYPE } from '../canvas/Canvas';
import { BLOCK_SUMMARY, BLOCK_TYPES, type BlockType } from '../../model/blocks';

interface Props {
  selected: string | null;
  onAdd: (type: LayerType) => void;
  onInsertAfter: (type: LayerType) => void;
  /** Composite entries: added unconnected, or inserted after the selected (or output) layer. */
  onAddBlock: (block: BlockType) => void;
  onInsertBlock: (block: BlockType) => void;
}

export function Palette({ selected, onAdd, onInsertAfter, onAddBlock, onInsertBlock }: Props) {
  const onDragStart = (e: DragEvent, type: string, kind: string = LAYER_DRAG_TYPE) => {
    e.dataTransfer.setData(kind, type);
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
      <h3 className="small" id="palette-blocks">Blocks</h3>
      <ul className="palette-list" aria-labelledby="palette-blocks">
        {BLOCK_TYPES.map((block) => (
          <li key={block} className="palette-item" draggable onDragStart={(e) => onDragStart(e, block, BLOCK_DRAG_TYPE)} data-testid={`palette-${block}`} title={BLOCK_SUMMARY[block]}>
            <span className="layer-type t-block" aria-hidden="true">
              {block}
            </span>
            <span className="palette-actions">
              <button type="button" className="icon" aria-label={`Add a ${block} (its 7 layers)`} data-testid={`add-${block}`} onClick={() => onAddBlock(block)}>
                +
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Insert a ${block} (its 7 layers) after ${selected ?? 'the output layer'}`}
                title={`Insert after ${selected ?? 'the output layer'}`}
                data-testid={`insert-${block}`}
                onClick={() => onInsertBlock(block)}
              >
                ↳
              </button>
            </span>
            <span className="palette-summary">{BLOCK_SUMMARY[block]}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
