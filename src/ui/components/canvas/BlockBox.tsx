/**
 * The labelled box drawn behind the layers of an expanded composite block (e.g. a TransformerBlock),
 * not selectable, not draggable, with a button that collapses the block to one node. The label
 * starts right of the block's main column (where the residual edges run), the button sits left of it.
 */
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { BlockFlowNode } from './flow-model';

function BlockBoxView({ data }: NodeProps<BlockFlowNode>) {
  // Label right of the main column (it may run past the box's right edge), button left of it; else label left, button right.
  const split = data.labelLeft > 10;
  return (
    <div className="block-box" style={{ width: data.width, height: data.height }} data-testid={`block-${data.prefix}`} data-collapsed="false" role="group" aria-label={`${data.blockType} ${data.prefix}: ${data.count} layers`}>
      <span className="block-box-label" style={split ? { left: data.labelLeft } : { left: 10, right: 84 }} title={`${data.prefix} · ${data.blockType} · ${data.count} layers`}>
        {data.prefix} · {data.blockType} · {data.count} layers
      </span>
      <button
        type="button"
        className="block-toggle nodrag nopan"
        style={split ? { left: 8 } : { right: 8 }}
        aria-expanded="true"
        aria-label={`Collapse ${data.prefix} to one node`}
        data-testid={`block-toggle-${data.prefix}`}
        onClick={() => data.onToggle(data.prefix)}
      >
        Collapse
      </button>
    </div>
  );
}

export const BlockBox = memo(BlockBoxView);
