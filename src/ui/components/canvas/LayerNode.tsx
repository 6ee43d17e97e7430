/** One layer on the canvas: type, id, main settings, inferred output shape and parameters, errors. */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { formatCount } from '../../format';
import { layerDetail, type LayerFlowNode } from './flow-model';

function LayerNodeView({ data, selected }: NodeProps<LayerFlowNode>) {
  const { layer, shape, params, errors, isOutput, takesInputs, nanPass } = data;
  const invalid = errors.length > 0;
  const detail = layer.type === 'Input' ? '' : layerDetail(layer);
  return (
    <div className={`layer-node${invalid ? ' invalid' : ''}${nanPass ? ' nan-culprit' : ''}${selected ? ' selected' : ''}`} data-testid={`node-${layer.id}`} data-type={layer.type}>
      {takesInputs && <Handle type="target" position={Position.Top} className="handle" data-testid={`target-${layer.id}`} />}
      <div className="layer-node-head">
        <span className={`layer-type t-${layer.type.toLowerCase()}`}>{layer.type}</span>
        <span className="layer-id">{layer.id}</span>
        {isOutput && <span className="badge" title="The loss reads this layer">output</span>}
        {nanPass && (
          <span className="badge badge-nan" title={`The first non-finite value of the diverged run came from this layer (${nanPass})`} data-testid={`nan-badge-${layer.id}`}>
            NaN · {nanPass}
          </span>
        )}
      </div>
      {detail && <div className="layer-node-detail">{detail}</div>}
      <div className="layer-node-shape" data-testid={`shape-${layer.id}`}>
        {shape ? (
          <>
            <span className="mono">{shape}</span>
            {params ? <span className="muted"> · {formatCount(params)} params</span> : null}
          </>
        ) : (
          <span className="muted">shape unknown</span>
        )}
      </div>
      {invalid && (
        <ul className="layer-node-errors" data-testid={`errors-${layer.id}`}>
          {errors.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
        </ul>
      )}
      <Handle type="source" position={Position.Bottom} className="handle" data-testid={`source-${layer.id}`} />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
