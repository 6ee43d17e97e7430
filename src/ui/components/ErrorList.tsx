/** The latest errors (worker, storage, files, links), each dismissible and shown at most MAX_MESSAGE characters long. */
import type { UiError } from '../state';

/** Characters of one message shown (a message built from outside input may be huge). */
const MAX_MESSAGE = 1000;

export function ErrorList({ errors, onDismiss }: { errors: UiError[]; onDismiss: (id: number) => void }) {
  if (errors.length === 0) return null;
  return (
    <ul className="errors" aria-label="Errors">
      {errors.map((e) => (
        <li key={e.id} role="alert" className="error" data-testid="error" data-where={e.where}>
          <span className="error-where">{e.where}</span>
          <span className="error-message">{e.message.length > MAX_MESSAGE ? `${e.message.slice(0, MAX_MESSAGE)}…` : e.message}</span>
          <button type="button" className="small" aria-label={`Dismiss ${e.where} error`} onClick={() => onDismiss(e.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
