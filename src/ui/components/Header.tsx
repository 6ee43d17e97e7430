/** Page header: the app title and the WebGPU adapter the worker is training on. */
import type { GpuState } from '../state';

export function Header({ gpu }: { gpu: GpuState }) {
  return (
    <header className="header">
      <h1>WebGPU Playground</h1>
      <p className="adapter-line">
        <span className="muted">GPU: </span>
        {gpu.kind === 'ready' && (
          <span data-testid="adapter" className="adapter" title="WebGPU adapter">
            {gpu.adapter}
          </span>
        )}
        {gpu.kind === 'pending' && <span className="muted">looking for a WebGPU adapter…</span>}
        {gpu.kind === 'unavailable' && <span className="muted">none</span>}
      </p>
    </header>
  );
}
