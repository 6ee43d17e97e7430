/**
 * One typed, validated form field: text for numbers, shapes and sizes (parsed on every keystroke;
 * a bad value shows a message next to the field and is not applied), a select for choices, a
 * checkbox for on/off. Engine errors about the same field are shown the same way.
 */
import { useEffect, useId, useState } from 'react';
import { formatField, parseField, type FieldDesc } from '../../model/fields';

interface Props {
  desc: FieldDesc;
  value: unknown;
  onCommit: (value: unknown) => void;
  /** An error the engine reports for this field. */
  externalError?: string | null;
  testId: string;
  disabled?: boolean;
  /** A parser of the text in place of the field kind's (a list of class weights, say). */
  parse?: (text: string) => { value: unknown } | { error: string };
}

export function FieldInput({ desc, value, onCommit, externalError, testId, disabled, parse }: Props) {
  const id = useId();
  const errId = `${id}-err`;
  const helpId = `${id}-help`;
  const shown = formatField(desc, value);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string | null>(null);

  // Follow outside changes (undo, another field) unless the user is mid-edit on an invalid value.
  useEffect(() => {
    setText((t) => {
      const parsed = parse ? parse(t) : parseField(desc, t);
      const same = 'value' in parsed && JSON.stringify(parsed.value) === JSON.stringify(value);
      return same ? t : shown;
    });
    setError(null);
  }, [shown]);

  const message = error ?? externalError ?? null;
  const describedBy = [message ? errId : null, desc.help ? helpId : null].filter(Boolean).join(' ') || undefined;

  if (desc.kind === 'bool') {
    const checked = value === undefined ? desc.default : Boolean(value);
    return (
      <div className="field field-bool">
        <input id={id} type="checkbox" checked={checked} disabled={disabled} data-testid={testId} onChange={(e) => onCommit(e.target.checked)} />
        <label htmlFor={id}>{desc.label}</label>
      </div>
    );
  }

  if (desc.kind === 'select') {
    return (
      <div className="field">
        <label htmlFor={id}>{desc.label}</label>
        <select
          id={id}
          value={value === undefined ? '' : String(value)}
          disabled={disabled}
          data-testid={testId}
          aria-invalid={message ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onCommit(e.target.value === '' ? undefined : e.target.value)}
        >
          {(desc.optional || value === undefined) && <option value="">{desc.default !== undefined ? `default (${desc.default})` : 'choose…'}</option>}
          {desc.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {message && (
          <p id={errId} className="field-error" role="alert" data-testid={`${testId}-error`}>
            {message}
          </p>
        )}
      </div>
    );
  }

  const placeholder = 'default' in desc && desc.default !== undefined ? `default ${desc.default}` : desc.optional ? 'default' : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{desc.label}</label>
      <input
        id={id}
        type="text"
        inputMode={desc.kind === 'number' ? 'decimal' : desc.kind === 'int' ? 'numeric' : 'text'}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        spellCheck={false}
        autoComplete="off"
        data-testid={testId}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const r = parse ? parse(t) : parseField(desc, t);
          if ('error' in r) setError(r.error);
          else {
            setError(null);
            if (JSON.stringify(r.value) !== JSON.stringify(value)) onCommit(r.value);
          }
        }}
        onBlur={() => {
          if (!error) setText(shown);
        }}
      />
      {desc.help && !message && (
        <p id={helpId} className="field-help">
          {desc.help}
        </p>
      )}
      {message && (
        <p id={errId} className="field-error" role="alert" data-testid={`${testId}-error`}>
          {message}
        </p>
      )}
    </div>
  );
}
