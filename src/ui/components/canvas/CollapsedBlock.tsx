/**
 * A collapsed block on the canvas: one node standing for its layers, with its name, type, layer
 * count, output shape and parameters, and a button that expands it. Edges into and out of the
 * block attach to its handles; it cannot be connected or deleted as a whole.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { formatCount } from '../../format';
import type { CollapsedFlowNode } from './flow-model';

function CollapsedBlockView({ data, selected }: NodeProps<CollapsedFlowNode>) {
  const { prefix, blockType, count, shape, params, errors } = data;
  return (
    <div
      className={`layer-node block-node${errors ? ' invalid' : ''}${selected ? ' selected' : ''}`}
      data-testid={`block-${prefix}`}
      data-collapsed="true"
      role="group"
      aria-label={`${prefix} · ${blockType} · ${count} layers, collapsed`}
    >
      <Handle type="target" position={Position.Top} className="handle" isConnectable={false} />
      <div className="layer-node-head">
        <span className="layer-type t-block">{blockType}</span>
      </div>
      <div className="layer-node-detail block-node-row">
        <span data-testid={`block-count-${prefix}`}>
          {prefix} · {count} layers{errors ? ` · ${errors} error${errors > 1 ? 's' : ''}` : ''}
        </span>
        <button
          type="button"
          className="block-toggle nodrag nopan"
          aria-expanded="false"
          aria-label={`Expand ${prefix}: show its ${count} layers`}
          data-testid={`block-toggle-${prefix}`}
          onClick={() => data.onToggle(prefix)}
        >
          Expand
        </button>
      </div>
      <div className="layer-node-shape">
        {shape ? <span className="mono">{shape}</span> : <span className="muted">shape unknown</span>}
        {params ? <span className="muted"> · {formatCount(params)} params</span> : null}
      </div>
      <Handle type="source" position={Position.Bottom} className="handle" isConnectable={false} />
    </div>
  );
}

export const CollapsedBlock = memo(CollapsedBlockView);
