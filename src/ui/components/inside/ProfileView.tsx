/**
 * The per-layer GPU profile of one training step: a "Profile one step" button (refused while a
 * run is under way) and a horizontal bar per layer, stacked by pass (forward, backward, optimizer),
 * with milliseconds on each bar, the total and the whole step measured separately. Nothing runs
 * until the button is pressed.
 */
import { useRef, useState } from 'react';
import type { FromWorker } from '../../../worker/protocol';
import type { InsideContext } from './inside-view';
import { useWorkerReport } from './useWorkerReport';
import './profile-view.css';

type StepProfileReport = NonNullable<Extract<FromWorker, { type: 'profile-report' }>['profile']>;
type ProfileRow = StepProfileReport['rows'][number];

const PASSES = ['forward', 'backward', 'optimizer'] as const;
const BUSY = ['training', 'pausing', 'stopping'];

interface Bar {
  layer: string;
  ms: number;
  passes: Partial<Record<ProfileRow['pass'], number>>;
}

/** Rows merged by layer (passes summed), in schedule order. */
export function barsOf(rows: readonly ProfileRow[]): Bar[] {
  const out = new Map<string, Bar>();
  for (const r of rows) {
    const b = out.get(r.layer) ?? { layer: r.layer, ms: 0, passes: {} };
    b.passes[r.pass] = (b.passes[r.pass] ?? 0) + r.ms;
    b.ms += r.ms;
    out.set(r.layer, b);
  }
  return [...out.values()];
}

const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`;

function Chart({ p }: { p: StepProfileReport }) {
  const bars = barsOf(p.rows);
  const max = Math.max(1e-9, ...bars.map((b) => b.ms));
  return (
    <>
      <ul className="profile-legend" aria-label="Passes">
        {PASSES.map((pass) => (
          <li key={pass}>
            <span className={`profile-swatch pass-${pass}`} aria-hidden="true" /> {pass}
          </li>
        ))}
      </ul>
      <ol className="profile-bars" data-testid="profile-bars">
        {bars.map((b) => {
          const parts = PASSES.filter((pass) => b.passes[pass] !== undefined).map((pass) => `${pass} ${ms(b.passes[pass]!)}`);
          return (
            <li key={b.layer} className="profile-row" data-testid={`profile-bar-${b.layer}`}>
              <span className="profile-layer">{b.layer}</span>
              <span className="profile-track" role="img" aria-label={`${b.layer}: ${ms(b.ms)} (${parts.join(', ')})`}>
                {PASSES.map((pass) =>
                  b.passes[pass] ? <span key={pass} className={`profile-seg pass-${pass}`} style={{ width: `${(100 * b.passes[pass]!) / max}%` }} title={`${pass}: ${ms(b.passes[pass]!)}`} /> : null,
                )}
              </span>
              <span className="profile-ms mono" data-testid="profile-ms">
                {ms(b.ms)}
              </span>
            </li>
          );
        })}
      </ol>
      <p className="small" data-testid="profile-total">
        Total <strong className="mono">{ms(p.totalMs)}</strong> · whole step measured separately <span className="mono">{ms(p.stepMs)}</span>{' '}
        <span className="muted">
          ({p.method === 'prefix' ? 'timed prefixes of the step' : 'GPU timestamps'}, median of {p.repeats}; the first bar also carries the cost of submitting work)
        </span>
      </p>
    </>
  );
}

export function ProfileView({ send, subscribe, model, status }: InsideContext) {
  const [pending, setPending] = useState<number | null>(null);
  const nextId = useRef(1);
  const report = useWorkerReport(subscribe, 'profile-report', (m) => m.id === nextId.current - 1);
  const waiting = pending !== null && report?.id !== pending;
  const busy = BUSY.includes(status);
  const run = () => {
    const id = nextId.current++;
    setPending(id);
    send({ type: 'profile', id });
  };
  return (
    <div className="profile-view">
      <h3>GPU time per layer</h3>
      <p className="muted small">One training step, timed layer by layer and pass by pass. It changes no weights.</p>
      <div className="button-row">
        <button type="button" onClick={run} disabled={!model || busy || waiting} data-testid="profile-run">
          {waiting ? 'Profiling…' : 'Profile one step'}
        </button>
        {busy && <span className="muted small">Pause or stop training first.</span>}
      </div>
      {report?.error && (
        <p className="error small" role="alert" data-testid="profile-error">
          {report.error}
        </p>
      )}
      {report?.profile && <Chart p={report.profile} />}
    </div>
  );
}
