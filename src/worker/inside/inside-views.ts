/**
 * The worker side of the inside-the-network views (protocol-inside.ts): each view's watch or
 * request goes to the piece that owns it. The run loop calls `afterEpoch` between epochs and
 * `afterRun` when a run ends, so open views follow training; a closed view does nothing.
 */
import { assertNever, type ToWorkerInside } from '../protocol';
import type { SessionCore } from '../session-core';
import { ConvViews } from './conv-views';
import { NeuronMaps } from './neuron-maps';
import { Projector } from './projector';
import { requestProfile } from './profile-request';
import { StatsView } from './stats-view';

export class InsideViews {
  private readonly neurons: NeuronMaps;
  private readonly conv: ConvViews;
  private readonly projector: Projector;
  private readonly stats: StatsView;

  constructor(private readonly core: SessionCore) {
    this.neurons = new NeuronMaps(core);
    this.conv = new ConvViews(core);
    this.projector = new Projector(core);
    this.stats = new StatsView(core);
  }

  handle(msg: ToWorkerInside): void {
    switch (msg.type) {
      case 'watch-neurons':
        return this.neurons.apply(msg);
      case 'watch-conv':
        return this.conv.apply(msg);
      case 'watch-stats':
        this.stats.handle(msg);
        return;
      case 'watch-projector':
        return this.projector.watch(msg);
      case 'profile':
        return requestProfile(this.core, msg.id);
      default:
        assertNever(msg, 'inside view command');
    }
  }

  /** Prepares the open views before a run starts (the model may have been replaced since). */
  async beforeRun(): Promise<void> {
    await this.stats.attach();
  }

  /** Between steps of a run (the run loop's progress callback): starts the views that are due; never awaited, never waits. */
  duringRun(): void {
    if (this.neurons.due()) this.neurons.request();
    if (this.conv.due()) this.conv.request();
  }

  /** Refreshes the open views after an epoch of a run (awaited by the run loop; the probe views start and return, rate-limited as during a run). */
  async afterEpoch(): Promise<void> {
    this.stats.flush();
    this.duringRun();
    await this.projector.refresh();
  }

  /** Refreshes the open views when a run has ended or a model was loaded. */
  async afterRun(): Promise<void> {
    this.stats.flush();
    this.neurons.request();
    this.conv.request();
    await this.projector.refresh();
  }
}
