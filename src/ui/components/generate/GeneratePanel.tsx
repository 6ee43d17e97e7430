/**
 * Generate text with a character language model (preset 10b): prompt, length, temperature, top-k
 * and seed, checked as typed; Generate streams characters in from the worker, Stop ends early.
 */
import { useId, useRef, useState } from 'react';
import { DEFAULT_GENERATE_FIELDS, parseGenerateFields, type GenerateCommand, type GenerateFields } from '../../generate/generate-form';
import type { GenerationState } from '../../generate/generation-state';

interface Props {
  generation: GenerationState | null;
  /** Why generating is not possible now (no model built yet, ...), else null. */
  blocked: string | null;
  onGenerate: (req: GenerateCommand) => void;
  onStop: (id: number) => void;
}

const FIELDS: { key: Exclude<keyof GenerateFields, 'prompt'>; label: string; help: string; inputMode: 'numeric' | 'decimal' }[] = [
  { key: 'length', label: 'Length', help: 'Characters to generate', inputMode: 'numeric' },
  { key: 'temperature', label: 'Temperature', help: '0 = greedy; higher = more random', inputMode: 'decimal' },
  { key: 'topK', label: 'Top-k', help: 'Sample among the k likeliest; 0 = all', inputMode: 'numeric' },
  { key: 'seed', label: 'Seed', help: 'Same seed, same text', inputMode: 'numeric' },
];

export function GeneratePanel({ generation, blocked, onGenerate, onStop }: Props) {
  const uid = useId();
  const [fields, setFields] = useState<GenerateFields>(DEFAULT_GENERATE_FIELDS);
  const [prompt, setPrompt] = useState<string | null>(null);
  const nextId = useRef(1);
  const { request, errors } = parseGenerateFields(fields, nextId.current);
  const mine = generation && prompt !== null && generation.id === nextId.current - 1 ? generation : null;
  const running = mine !== null && !mine.done;
  const set = (key: keyof GenerateFields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value }));
  const start = () => {
    if (!request || blocked) return;
    nextId.current++;
    setPrompt(request.prompt);
    onGenerate(request);
  };
  return (
    <section className="panel generate-panel" aria-label="Generate text" data-testid="generate-panel">
      <h2>Generate text</h2>
      <p className="muted small">The model reads the last characters (its context window) and picks the next one, again and again.</p>
      <div className="generate-form">
        <div className="field generate-prompt">
          <label htmlFor={`${uid}-prompt`}>Prompt</label>
          <textarea
            id={`${uid}-prompt`}
            data-testid="generate-prompt"
            rows={2}
            value={fields.prompt}
            onChange={set('prompt')}
            aria-invalid={errors.prompt ? true : undefined}
            aria-describedby={errors.prompt ? `${uid}-prompt-err` : undefined}
          />
          {errors.prompt && (
            <p id={`${uid}-prompt-err`} className="field-error" role="alert">
              {errors.prompt}
            </p>
          )}
        </div>
        {FIELDS.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`${uid}-${f.key}`}>{f.label}</label>
            <input
              id={`${uid}-${f.key}`}
              data-testid={`generate-${f.key}`}
              inputMode={f.inputMode}
              value={fields[f.key]}
              onChange={set(f.key)}
              aria-invalid={errors[f.key] ? true : undefined}
              aria-describedby={`${uid}-${f.key}-${errors[f.key] ? 'err' : 'help'}`}
            />
            {errors[f.key] ? (
              <p id={`${uid}-${f.key}-err`} className="field-error" role="alert" data-testid={`generate-${f.key}-error`}>
                {errors[f.key]}
              </p>
            ) : (
              <p id={`${uid}-${f.key}-help`} className="field-help">
                {f.help}
              </p>
            )}
          </div>
        ))}
      </div>
      <div className="toolbar">
        <button type="button" onClick={start} disabled={!request || blocked !== null} data-testid="generate-start">
          Generate
        </button>
        <button type="button" onClick={() => mine && onStop(mine.id)} disabled={!running} data-testid="generate-stop">
          Stop
        </button>
        {blocked && <span className="muted small">{blocked}</span>}
      </div>
      {mine && (
        <div className="generate-result">
          <pre className="generate-output" data-testid="generate-output" aria-label="Prompt and generated text">
            <span className="generate-prompt-echo">{prompt}</span>
            <mark className="generated-text" data-testid="generated-text">
              {mine.text}
            </mark>
          </pre>
          <p className="muted small" role="status" data-testid="generate-status">
            {mine.message ?? (mine.done ? `Done: ${mine.count} characters.` : `Generating… ${mine.count} characters`)}
          </p>
        </div>
      )}
    </section>
  );
}
