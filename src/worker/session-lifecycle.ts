/**
 * The session's lifecycle tasks, run on the task queue: GPU start-up (through the GpuStarter it is
 * given; it never reads navigator itself), device loss and recovery (rebuilding the lost model from
 * its last good snapshot), and load, reset and restore of the model. The latest load wins: an
 * earlier one still queued is skipped.
 */
import type { GpuContext } from '../gpu/device';
import { adapterLabel } from '../gpu/device';
import { PipelineCache } from '../gpu/pipelines';
import { Autotuner } from '../gpu/autotune';
import { IdbTuneStore } from './tune-store-idb';
import type { GpuStarter } from './gpu-start';
import type { LiveViews } from './live-views';
import { loadModel, resolveSource, type ResolvedSource } from './model-loader';
import type { ModelInfo, ToWorker, WeightsBlob } from './protocol';
import type { RunLoop } from './run-loop';
import { messageOf, type SessionCore } from './session-core';
import { applyWeights, readWeights, takeSnapshot } from './weights-snapshot';

export class SessionLifecycle {
  private loadSeq = 0;
  /** What the lost model was built from, for `recover`. */
  private lostSource: { source: ResolvedSource; tag: string | null } | null = null;

  constructor(
    private readonly core: SessionCore,
    private readonly views: LiveViews,
    private readonly loop: RunLoop,
    private readonly startGpu: GpuStarter,
  ) {}

  /** Interrupts a run and queues the load; a later load supersedes this one. */
  requestLoad(msg: Extract<ToWorker, { type: 'load' }>): void {
    this.loop.interrupt();
    const seq = ++this.loadSeq;
    this.core.enqueue('load', () => this.load(msg, seq));
  }

  async init(): Promise<void> {
    const core = this.core;
    if (core.gpu) {
      core.post({ type: 'ready', adapter: adapterLabel(core.gpu.ctx.adapter) });
      return;
    }
    let ctx: GpuContext | undefined;
    try {
      ctx = await this.startGpu((reason) => this.onLost(ctx, reason));
    } catch (e) {
      core.post({ type: 'no-webgpu', message: messageOf(e) });
      return;
    }
    const pipelines = new PipelineCache(ctx.device);
    // The autotuner's winners persist per adapter in IndexedDB (absent under Node: fallbacks only).
    if (typeof indexedDB !== 'undefined') pipelines.tuner = await Autotuner.forAdapter(ctx.adapter, 'measure', new IdbTuneStore());
    core.gpu = { ctx, pipelines };
    core.post({ type: 'ready', adapter: adapterLabel(ctx.adapter) });
    core.setStatus('empty');
  }

  /** Test hook (`debug-lose-device`): destroys the device as a driver reset would. */
  loseDevice(): void {
    this.core.gpu?.ctx.device.destroy();
  }

  private onLost(ctx: GpuContext | undefined, reason: string): void {
    const core = this.core;
    if (ctx && core.gpu && core.gpu.ctx !== ctx) return; // an old device, already replaced
    core.lost = true;
    this.loop.cutOff();
    this.lostSource = core.model ? { source: core.model.source, tag: core.model.info.tag } : this.lostSource;
    const canRecover = this.lostSource !== null;
    const weights = core.snapshot ? ` from the weights of epoch ${core.snapshot.epoch}` : '';
    core.post({ type: 'device-lost', message: `${reason}. ${canRecover ? `Recover to continue${weights}.` : 'Recover to start again.'}`, canRecover });
    core.setStatus('lost');
  }

  private async load(msg: Extract<ToWorker, { type: 'load' }>, seq: number): Promise<void> {
    if (seq !== this.loadSeq) return; // superseded by a later load
    const core = this.core;
    if (!core.gpu) throw new Error('The GPU is not ready, so no model can be loaded.');
    const resolved = resolveSource(msg.source);
    let carry: WeightsBlob | null = msg.weights ?? null;
    if (!carry && msg.keepWeights && core.model) carry = core.diverged ? core.snapshot : await readWeights(core.model);
    await this.build(resolved, msg.tag ?? null, carry, msg.weights ? 'restored' : 'kept');
  }

  /** Replaces the model; writes `carry` into it when its size fits. */
  private async build(resolved: ResolvedSource, tag: string | null, carry: WeightsBlob | null, kind: 'kept' | 'restored'): Promise<void> {
    const core = this.core;
    if (!core.gpu) throw new Error('The GPU is not ready, so no model can be loaded.');
    core.setStatus('loading');
    core.model?.trainer.destroy();
    core.model = null;
    core.diverged = null;
    core.snapshot = null;
    try {
      core.model = await loadModel(core.gpu.ctx.device, core.gpu.pipelines, resolved, tag);
    } catch (e) {
      core.setStatus('empty');
      throw e;
    }
    const m = core.model;
    let weights: ModelInfo['weights'] = 'fresh';
    if (carry) {
      const total = m.trainer.model.layout.total;
      if (carry.params.length === total) {
        applyWeights(m, carry);
        weights = kind;
      } else if (kind === 'restored') {
        core.error('load', `The saved weights (${carry.params.length} values) do not fit this model (${total} parameters); starting from fresh weights.`);
      }
    }
    core.snapshot = takeSnapshot(core.snapshot, await readWeights(m));
    core.target = Math.max(m.settings.epochs, m.trainer.epoch);
    core.postModel(weights);
    core.setStatus('ready');
    await this.views.refresh();
  }

  async reset(): Promise<void> {
    const core = this.core;
    const m = core.model;
    if (!m) return;
    m.trainer.resetWeights();
    core.diverged = null;
    core.snapshot = takeSnapshot(core.snapshot, await readWeights(m));
    core.target = m.settings.epochs;
    core.postModel('fresh');
    core.setStatus('ready');
    await this.views.refresh();
  }

  async restoreSnapshot(): Promise<void> {
    const core = this.core;
    const m = core.model;
    if (!m) throw new Error('No model is loaded.');
    if (!core.snapshot) throw new Error('There is no snapshot of good weights to restore.');
    applyWeights(m, core.snapshot);
    core.diverged = null;
    core.target = Math.max(m.settings.epochs, m.trainer.epoch);
    core.postModel('restored');
    core.weightsPoster.now(core.snapshot);
    core.setStatus('ready');
    await this.views.refresh();
  }

  async recover(): Promise<void> {
    const core = this.core;
    if (!core.lost) return;
    const source = this.lostSource ?? (core.model ? { source: core.model.source, tag: core.model.info.tag } : null);
    const snap = core.snapshot;
    try {
      core.model?.trainer.destroy();
    } catch {
      // the buffers died with the device
    }
    core.model = null;
    core.gpu = null;
    core.lost = false;
    this.lostSource = null;
    core.setStatus('starting');
    await this.init();
    if (!core.gpu) return; // init reported no-webgpu
    if (source) await this.build(source.source, source.tag, snap, 'restored');
    if (snap && core.model) core.weightsPoster.now(snap);
  }
}
