/**
 * Keeps one panel's render error inside that panel: it shows the error (role="alert",
 * data-testid="panel-error-<name>") with two ways out, "Reset this panel" (mounts it afresh) and
 * "Open a blank project". The rest of the page keeps working. A new `resetKey` (another project
 * opened) clears the error too.
 */
import { Component, Fragment, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** Short id for the test id, e.g. "canvas". */
  name: string;
  /** What the panel is, for people, e.g. "The graph editor". */
  label: string;
  onBlankProject: () => void;
  resetKey?: unknown;
  children: ReactNode;
}

interface State {
  error: Error | null;
  mount: number;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, mount: 0 };

  static getDerivedStateFromError(e: unknown): Partial<State> {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`Panel "${this.props.name}" failed to render:`, error, info.componentStack);
  }

  override componentDidUpdate(prev: Props): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.reset();
  }

  private reset = () => this.setState((s) => ({ error: null, mount: s.mount + 1 }));

  override render() {
    const { error, mount } = this.state;
    const { name, label, onBlankProject, children } = this.props;
    if (!error) return <Fragment key={mount}>{children}</Fragment>;
    return (
      <div className="alert bad panel-error" role="alert" data-testid={`panel-error-${name}`}>
        <p>
          <strong>{label} stopped working.</strong> {error.message.slice(0, 500) || 'Unknown error.'}
        </p>
        <div className="button-row">
          <button type="button" onClick={this.reset} data-testid={`panel-reset-${name}`}>
            Reset this panel
          </button>
          <button type="button" onClick={onBlankProject} data-testid={`panel-blank-${name}`}>
            Open a blank project
          </button>
        </div>
      </div>
    );
  }
}
