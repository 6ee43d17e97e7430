/** The keyboard shortcuts, in a modal dialog opened with `?`. */
import { useModalDialog } from './useModalDialog';

export const SHORTCUTS: [string, string][] = [
  ['?', 'Show this list'],
  ['Ctrl+Z', 'Undo'],
  ['Ctrl+Shift+Z or Ctrl+Y', 'Redo'],
  ['Delete / Backspace', 'Delete the selected layers or connections (canvas)'],
  ['Shift+click, Shift+drag', 'Select several layers'],
  ['Tab, Enter, arrow keys', 'Focus, select and move layers on the canvas'],
  ['I', 'Insert a Dense layer after the selected one'],
  ['L', 'Automatic layout'],
  ['T', 'Train, or pause a run'],
  ['S', 'Step: train one batch'],
  ['Esc', 'Close dialogs, clear the selection'],
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useModalDialog(open);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-dialog">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <th scope="row">
                <kbd>{k}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">Letter shortcuts work when no text field has focus. Ctrl means Cmd on a Mac.</p>
      <button type="button" onClick={onClose} autoFocus>
        Close
      </button>
    </dialog>
  );
}
