/**
 * The attention map view, shown for models with MultiHeadAttention layers: pick a test row (or
 * type a text, tokenized like the dataset) and see one heat map per head for every attention
 * layer. While open, the worker recomputes the maps during training (after epochs and every few
 * seconds) and at the end of runs.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { AttentionReport, AttentionSource } from '../../../worker/protocol';
import { AttentionHeatmap } from './AttentionHeatmap';

interface Props {
  report: AttentionReport | null;
  /** Test rows of the loaded model (0 before one is built). */
  testRows: number;
  /** The dataset holds token ids with a vocabulary (typed text can be encoded). */
  tokens: boolean;
  /** Ask for maps (null source: stop watching). */
  onRequest: (watch: boolean, source: AttentionSource | null) => void;
  /** A text typed elsewhere ("Try a sentence") to show: opens the view on it. */
  typedText?: { text: string } | null;
}

export function AttentionPanel({ report, testRows, tokens, onRequest, typedText = null }: Props) {
  const [open, setOpen] = useState(false);
  const [source, setSource] = useState<AttentionSource>({ kind: 'test-row', index: 0 });
  const [row, setRow] = useState('0');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (!typedText) return;
    setText(typedText.text);
    setProblem(null);
    setSource({ kind: 'text', text: typedText.text });
    setOpen(true);
    document.getElementById('attention-title')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [typedText]);

  useEffect(() => {
    if (!open) return;
    onRequest(true, source);
    return () => onRequest(false, null);
  }, [open, source, onRequest]);

  const pickRow = (e: FormEvent) => {
    e.preventDefault();
    const i = Number(row);
    if (!Number.isInteger(i) || i < 0 || (testRows > 0 && i >= testRows)) {
      setProblem(`Pick a test row from 0 to ${Math.max(0, testRows - 1)}.`);
      return;
    }
    setProblem(null);
    setSource({ kind: 'test-row', index: i });
  };
  const pickText = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') {
      setProblem('Type a few words first.');
      return;
    }
    setProblem(null);
    setSource({ kind: 'text', text });
  };

  return (
    <section className="panel attention" aria-labelledby="attention-title" data-testid="attention-panel">
      <div className="attention-top">
        <h2 id="attention-title">Attention maps</h2>
        <button type="button" className="small" aria-expanded={open} aria-controls="attention-body" data-testid="attention-toggle" onClick={() => setOpen((o) => !o)}>
          {open ? 'Hide attention maps' : 'Show attention maps'}
        </button>
      </div>
      {open && (
        <div id="attention-body">
          <div className="attention-inputs">
            <form onSubmit={pickRow} noValidate>
              <label>
                Test row <input type="number" min={0} max={Math.max(0, testRows - 1)} value={row} onChange={(e) => setRow(e.target.value)} data-testid="attention-row" />
              </label>
              <button type="submit" className="small" data-testid="attention-row-show">Show row</button>
            </form>
            {tokens && (
              <form onSubmit={pickText}>
                <label>
                  Your text <input type="text" value={text} onChange={(e) => setText(e.target.value)} placeholder="not bad at all" data-testid="attention-text" />
                </label>
                <button type="submit" className="small" data-testid="attention-text-show">Show text</button>
              </form>
            )}
          </div>
          {problem && <p className="error small" role="alert">{problem}</p>}
          <AttentionMaps report={report} />
        </div>
      )}
    </section>
  );
}

function AttentionMaps({ report }: { report: AttentionReport | null }) {
  if (!report) return <p className="muted small">Computing the attention maps…</p>;
  if (report.message) return <p className="muted small" role="status" data-testid="attention-message">{report.message}</p>;
  const what = report.source.kind === 'test-row' ? `test row ${report.source.index}${report.label ? ` (${report.label})` : ''}` : 'your text';
  return (
    <div data-testid="attention-maps" data-step={report.globalStep}>
      <p className="muted small" role="status">
        Weights for {what} after {report.epoch} epochs ({report.globalStep} steps): row = the token that looks, column = the token it looks at.
      </p>
      {report.layers.map((l, li) => (
        <div key={l.layer} className="attention-layer" data-testid={`attention-layer-${li}`}>
          <h3 className="small">Layer {li + 1}: {l.layer}</h3>
          <div className="attention-heads">
            {Array.from({ length: l.heads }, (_, h) => (
              <AttentionHeatmap
                key={h}
                layer={l.layer}
                head={h}
                tq={l.tq}
                tk={l.tk}
                weights={l.weights.subarray(h * l.tq * l.tk, (h + 1) * l.tq * l.tk)}
                queryLabels={report.queryLabels}
                keyLabels={report.keyLabels}
                testId={`attention-map-${li}-${h}`}
              />
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
