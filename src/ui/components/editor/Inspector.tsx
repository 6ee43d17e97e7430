/**
 * The inspector: every field of the selected layer (typed, validated), its id, its inputs, the
 * engine's errors about it, and commands (make output, delete). Several selected: a summary.
 */
import { useEffect, useId, useState } from 'react';
import { layerDef } from '../../../engine/layers/registry';
import type { LayerSpec } from '../../../engine/spec';
import type { EditorAnalysis } from '../../model/analysis';
import { renameLayer, setLayerField, setOutput } from '../../model/edit-spec';
import { fieldsFor, getField } from '../../model/fields';
import { isValidId } from '../../model/ids';
import { formatCount } from '../../format';
import type { ProjectCore } from '../../project/types';
import { fmtShape } from '../canvas/flow-model';
import { FieldInput } from './FieldInput';

interface Props {
  core: ProjectCore;
  selection: string[];
  analysis: EditorAnalysis;
  update: (fn: (c: ProjectCore) => ProjectCore, coalesce?: string) => void;
  onDelete: () => void;
  onSelect: (ids: string[]) => void;
}

export function Inspector({ core, selection, analysis, update, onDelete, onSelect }: Props) {
  const layers = core.spec.layers.filter((l) => selection.includes(l.id));
  return (
    <aside className="panel inspector" aria-label="Inspector" data-testid="inspector">
      <h2>Inspector</h2>
      {layers.length === 0 && <p className="muted">Select a layer on the canvas to edit it. Shift-click or drag a box to select several.</p>}
      {layers.length > 1 && (
        <>
          <p>
            {layers.length} layers selected: {layers.map((l) => l.id).join(', ')}
          </p>
          <button type="button" className="danger" onClick={onDelete} data-testid="delete-selected">
            Delete {layers.length} layers
          </button>
        </>
      )}
      {layers.length === 1 && <LayerForm key={layers[0].id} layer={layers[0]} core={core} analysis={analysis} update={update} onDelete={onDelete} onSelect={onSelect} />}
    </aside>
  );
}

function LayerForm({ layer, core, analysis, update, onDelete, onSelect }: { layer: LayerSpec } & Omit<Props, 'selection'>) {
  const def = layerDef(layer.type);
  const fields = fieldsFor(layer);
  const errors = analysis.byLayer.get(layer.id) ?? [];
  const fieldError = (key: string) => errors.find((e) => e.field === key)?.message ?? null;
  const other = errors.filter((e) => !fields.some((f) => f.key === e.field));
  const shape = analysis.shapes.get(layer.id);
  const params = analysis.paramCounts.get(layer.id);
  return (
    <div className="layer-form" data-testid="layer-form">
      <p className="inspector-type">
        <strong>{layer.type}</strong>
        {def && <span className="muted"> — {def.summary}</span>}
      </p>
      <IdField layer={layer} core={core} update={update} onSelect={onSelect} />
      {fields.map((f) => (
        <FieldInput
          key={f.key}
          desc={f}
          value={getField(layer, f.key)}
          externalError={fieldError(f.key)}
          testId={`field-${f.key.replace(/\./g, '-')}`}
          onCommit={(v) => update((c) => ({ ...c, spec: setLayerField(c.spec, layer.id, f.key, v) }), `field:${layer.id}.${f.key}`)}
        />
      ))}
      <dl className="facts">
        <dt>Inputs</dt>
        <dd>{(layer.inputs ?? []).length ? (layer.inputs ?? []).join(', ') : <span className="muted">none</span>}</dd>
        <dt>Output shape</dt>
        <dd className="mono" data-testid="inspector-shape">
          {shape ? fmtShape(shape.shape) : '–'}
        </dd>
        <dt>Parameters</dt>
        <dd>{params !== undefined ? formatCount(params) : '–'}</dd>
      </dl>
      {other.length > 0 && (
        <ul className="inspector-errors" aria-label="Problems with this layer">
          {other.map((e, i) => (
            <li key={i}>
              <span role="alert">
                {e.field}: {e.message}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <button type="button" disabled={core.spec.output === layer.id} onClick={() => update((c) => ({ ...c, spec: setOutput(c.spec, layer.id) }))}>
          {core.spec.output === layer.id ? 'Is the output' : 'Make output'}
        </button>
        <button type="button" className="danger" onClick={onDelete} data-testid="delete-layer">
          Delete layer
        </button>
      </div>
    </div>
  );
}

function IdField({ layer, core, update, onSelect }: { layer: LayerSpec; core: ProjectCore; update: Props['update']; onSelect: Props['onSelect'] }) {
  const id = useId();
  const [text, setText] = useState(layer.id);
  useEffect(() => setText(layer.id), [layer.id]);
  const problem = text === layer.id ? null : text in Object.prototype ? 'This name is reserved' : !isValidId(text) ? 'Letters, digits, _ . - only; start with a letter or _' : core.spec.layers.some((l) => l.id === text) ? 'Another layer has this id' : null;
  const apply = () => {
    if (problem || text === layer.id) return;
    update((c) => ({ ...c, spec: renameLayer(c.spec, layer.id, text) }));
    onSelect([text]);
  };
  return (
    <div className="field">
      <label htmlFor={id}>Id</label>
      <input
        id={id}
        type="text"
        value={text}
        spellCheck={false}
        data-testid="field-id"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? `${id}-err` : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      {problem && (
        <p id={`${id}-err`} className="field-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
