/** Page layout: header, then either the no-WebGPU notice or the playground panels. */
import { controlsFor } from './controls';
import { Controls } from './components/Controls';
import { ErrorList } from './components/ErrorList';
import { Header } from './components/Header';
import { LazyLossChart } from './components/LazyLossChart';
import { Metrics } from './components/Metrics';
import { ModelSummary } from './components/ModelSummary';
import { NoWebGpu } from './components/NoWebGpu';
import { PresetPicker } from './components/PresetPicker';
import { ProgressLine } from './components/ProgressLine';
import { useTrainer } from './useTrainer';

export function App() {
  const { state, send, selectPreset, dismissError } = useTrainer();
  const { gpu, status } = state;
  return (
    <div className="app">
      <Header gpu={gpu} />
      <main>
        {gpu.kind === 'unavailable' ? (
          <NoWebGpu message={gpu.message} />
        ) : (
          <>
            <ErrorList errors={state.errors} onDismiss={dismissError} />
            <section className="panel" aria-label="Model">
              <PresetPicker presetId={state.presetId} disabled={gpu.kind !== 'ready'} onSelect={selectPreset} />
              <ModelSummary model={state.model} loading={status === 'loading' || status === 'starting'} />
            </section>
            <section className="panel" aria-label="Training">
              <Controls status={status} send={send} />
              <ProgressLine status={status} epoch={state.epoch} epochs={state.epochs} progress={state.progress} />
              <Metrics state={state} canEvaluate={controlsFor(status).evaluate} send={send} />
            </section>
            <LazyLossChart train={state.trainLoss} validation={state.valLoss} />
          </>
        )}
      </main>
    </div>
  );
}
