/** Page header: title, the project bar, the WebGPU adapter and the shortcuts button. */
import type { ReactNode } from 'react';
import type { GpuState } from '../state';

export function Header({ gpu, children, onHelp }: { gpu: GpuState; children?: ReactNode; onHelp: () => void }) {
  return (
    <header className="header">
      <h1>
        <span className="logo" aria-hidden="true">
          ◆
        </span>{' '}
        WebGPU Playground
      </h1>
      <div className="header-middle">{children}</div>
      <p className="adapter-line" title={gpu.kind === 'ready' ? `WebGPU adapter: ${gpu.adapter}` : undefined}>
        <span className="muted">GPU </span>
        {gpu.kind === 'ready' && (
          <span data-testid="adapter" className="adapter">
            {gpu.adapter}
          </span>
        )}
        {gpu.kind === 'pending' && <span className="muted">looking for an adapter…</span>}
        {gpu.kind === 'unavailable' && <span className="muted">none</span>}
      </p>
      <button type="button" className="icon help" onClick={onHelp} aria-label="Keyboard shortcuts" aria-keyshortcuts="?" data-testid="shortcuts-button">
        ?
      </button>
    </header>
  );
}
