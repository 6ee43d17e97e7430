/**
 * The neuron maps (issue 15, 2-feature data): every Dense unit's output over the decision
 * boundary's grid (same extent, same grid points, scaled as the model sees them), with each
 * layer's weights and biases read from the parameter buffer in the same submit. Refreshed at most
 * twice a second during a run (probe-view.ts).
 */
import { neuronLayers } from '../../engine/inspect/inspected-layers';
import { LayerOutputsProbe } from '../../engine/inspect/layer-outputs';
import type { DenseLayer } from '../../engine/spec';
import { scaleDataset } from '../../data/scaled-dataset';
import { extentOf, gridDataset } from '../insights';
import type { LoadedModel } from '../model-loader';
import type { NeuronLayerMaps, NeuronsToWorker } from '../protocol-inside';
import { ProbeView, type ViewReport } from './probe-view';

/** Minimum time between two neuron-map reports during a run. */
export const NEURONS_INTERVAL_MS = 500;
export const NEURONS_MIN_RESOLUTION = 4;
export const NEURONS_MAX_RESOLUTION = 64;

interface Watch {
  resolution: number;
}

export class NeuronMaps extends ProbeView<Watch> {
  private grid: { model: LoadedModel; resolution: number; extent: [number, number, number, number]; x: Float32Array } | null = null;

  constructor(core: ConstructorParameters<typeof ProbeView>[0]) {
    super(core, NEURONS_INTERVAL_MS);
  }

  /** Applies a `watch-neurons` command (resolution clamped to 4..64). */
  apply(msg: NeuronsToWorker): void {
    const r = Number.isFinite(msg.resolution) ? Math.round(msg.resolution) : 32;
    this.set(msg.watch ? { resolution: Math.max(NEURONS_MIN_RESOLUTION, Math.min(NEURONS_MAX_RESOLUTION, r)) } : null);
  }

  protected empty(watch: Watch, message: string): ViewReport {
    const m = this.core.model;
    return {
      msg: { type: 'neuron-maps', resolution: watch.resolution, extent: [-1, 1, -1, 1], layers: [], output: '', epoch: m?.trainer.epoch ?? 0, globalStep: m?.trainer.globalStep ?? 0, message },
      transfer: [],
    };
  }

  protected async report(m: LoadedModel, watch: Watch): Promise<ViewReport> {
    const train = m.raw.train;
    if (train.inputShape.length !== 1 || train.inputShape[0] !== 2 || train.inputDtype !== 'float32') return this.empty(watch, 'The neuron maps need a dataset with two numeric features.');
    const compiled = m.trainer.model;
    const layers = neuronLayers(compiled.graph, compiled.layout);
    if (layers.length === 0) return this.empty(watch, 'The model has no Dense layer.');
    const { resolution } = watch;
    if (this.grid?.model !== m || this.grid.resolution !== resolution) {
      // The decision boundary's extent and grid (raw units), scaled as the model sees its inputs.
      const extent = extentOf(train);
      const grid = gridDataset(m.data.train, extent, resolution);
      const scaled = scaleDataset(grid, m.preprocessing && { ...m.preprocessing, targets: null });
      this.grid = { model: m, resolution, extent, x: scaled.x as Float32Array };
    }
    const { extent, x } = this.grid;
    const slices = layers.flatMap((l) => (l.bias ? [l.weight, l.bias] : [l.weight]));
    const probe = await this.probe(compiled, String(resolution), () => LayerOutputsProbe.create(compiled, layers.map((l) => l.id), resolution * resolution, slices));
    // Stamped before the probe is submitted: it sees the weights after at least this many steps.
    const { epoch, globalStep } = m.trainer;
    const { outputs, slices: read } = await probe.run(x);
    let k = 0;
    const out: NeuronLayerMaps[] = layers.map((l, i) => {
      const weights = read[k++];
      const bias = l.bias ? read[k++] : null;
      const spec = compiled.graph.byId.get(l.id)!.spec as DenseLayer;
      return { layer: l.id, units: l.units, fanIn: l.fanIn, activation: spec.activation ?? null, maps: outputs[i].values, weights, bias };
    });
    const transfer = out.flatMap((l) => [l.maps.buffer, l.weights.buffer, ...(l.bias ? [l.bias.buffer] : [])]) as ArrayBuffer[];
    return {
      msg: { type: 'neuron-maps', resolution, extent, layers: out, output: compiled.graph.output.spec.id, epoch, globalStep, message: null },
      transfer,
    };
  }
}
