/**
 * Export, int8 measurement and weight import, queued like evaluations and refused while a run goes
 * on. Answers carry the request's id; every failure is an `io-failed` for the control that asked.
 */
import type { LiveViews } from './live-views';
import type { LoadedModel } from './model-loader';
import { exportModel, ImportRejected, measureInt8, readImport } from './model-io';
import type { IoTask, ToWorker } from './protocol';
import type { RunLoop } from './run-loop';
import { DIVERGED_MESSAGE, messageOf, NO_MODEL_MESSAGE, type SessionCore } from './session-core';
import { applyWeights, readWeights, takeSnapshot } from './weights-snapshot';

export class IoTasks {
  constructor(
    private readonly core: SessionCore,
    private readonly views: LiveViews,
    private readonly loop: RunLoop,
  ) {}

  request(msg: Extract<ToWorker, { type: IoTask }>): void {
    const core = this.core;
    const fail = (message: string, problems: string[] = []) => core.post({ type: 'io-failed', id: msg.id, task: msg.type, message, problems });
    if (this.loop.running) {
      fail(msg.type === 'import-weights' ? 'Pause or stop training before importing weights.' : 'Pause or stop training first: the weights change with every step.');
      return;
    }
    core.enqueue('evaluate', async () => {
      try {
        const m = core.model;
        if (!m) throw new Error(NO_MODEL_MESSAGE);
        if (msg.type !== 'import-weights' && core.diverged) throw new Error(DIVERGED_MESSAGE);
        if (msg.type === 'export') {
          const files = await exportModel(m, msg.format, msg.lastLoss ?? null);
          core.post({ type: 'exported', id: msg.id, format: msg.format, files }, files.map((f) => f.bytes));
        } else if (msg.type === 'int8-accuracy') {
          core.post({ type: 'int8-measured', ...(await measureInt8(m, msg.id)) });
        } else {
          await this.importWeights(m, msg);
        }
      } catch (e) {
        if (core.lost) return;
        fail(messageOf(e), e instanceof ImportRejected ? e.problems : []);
      }
    });
  }

  /** Writes validated weights (fresh optimizer, epoch 0); a rejected file throws before anything is written. */
  private async importWeights(m: LoadedModel, msg: Extract<ToWorker, { type: 'import-weights' }>): Promise<void> {
    const core = this.core;
    const { params, report } = await readImport(m, msg.source);
    if (core.model !== m) throw new Error('The model was rebuilt while the file was read; import it again.');
    applyWeights(m, { params, epoch: 0, globalStep: 0 });
    core.diverged = null;
    const w = await readWeights(m);
    core.snapshot = takeSnapshot(core.snapshot, w);
    core.target = m.settings.epochs;
    core.postModel('imported');
    core.weightsPoster.now(w);
    core.post({ type: 'imported', id: msg.id, ...report });
    core.setStatus('ready');
    await this.views.refresh();
  }
}
