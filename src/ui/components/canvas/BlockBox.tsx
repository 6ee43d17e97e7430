/** The labelled box drawn behind the layers of a composite block (e.g. a TransformerBlock); not selectable, not draggable. */
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import type { BlockFlowNode } from './flow-model';

function BlockBoxView({ data }: NodeProps<BlockFlowNode>) {
  return (
    <div className="block-box" style={{ width: data.width, height: data.height }} data-testid={`block-${data.prefix}`} role="group" aria-label={`Transformer block ${data.prefix}: ${data.count} layers`}>
      <span className="block-box-label">TransformerBlock · {data.prefix}</span>
    </div>
  );
}

export const BlockBox = memo(BlockBoxView);
