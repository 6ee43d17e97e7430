/**
 * The conv views (issue 15, image data): the first Conv2D's filters read from the parameter
 * buffer, and every Conv2D and 2-D pooling layer's feature maps for one test image (or the image
 * drawn on the sketch pad), in one probe call (batch 1). Refreshed every 2 s during a run, after
 * epochs and when a run ends (probe-view.ts).
 */
import { featureMapLayers, firstConvFilters } from '../../engine/inspect/inspected-layers';
import { LayerOutputsProbe } from '../../engine/inspect/layer-outputs';
import { scaleRow } from '../../data/scaled-dataset';
import type { LoadedModel } from '../model-loader';
import type { ConvFromWorker, ConvToWorker } from '../protocol-inside';
import { ProbeView, type ViewReport } from './probe-view';

/** Minimum time between two conv-view reports during a run. */
export const CONV_INTERVAL_MS = 2000;

interface Watch {
  sample: number;
  drawn: Float32Array | null;
}

export class ConvViews extends ProbeView<Watch> {
  constructor(core: ConstructorParameters<typeof ProbeView>[0]) {
    super(core, CONV_INTERVAL_MS);
  }

  /** Applies a `watch-conv` command (a sample that is not a whole number >= 0 is taken as 0; a drawing that is not a Float32Array is ignored). */
  apply(msg: ConvToWorker): void {
    const sample = Number.isInteger(msg.sample) && msg.sample >= 0 ? msg.sample : 0;
    const drawn = msg.drawn instanceof Float32Array ? msg.drawn : null;
    this.set(msg.watch ? { sample, drawn } : null);
  }

  protected empty(watch: Watch, message: string): ViewReport {
    const m = this.core.model;
    const msg: ConvFromWorker = {
      type: 'conv-views',
      sample: watch.sample,
      drawn: watch.drawn !== null,
      testRows: m?.raw.test.n ?? 0,
      image: new Float32Array(0),
      imageShape: [],
      label: null,
      filters: null,
      layers: [],
      epoch: m?.trainer.epoch ?? 0,
      globalStep: m?.trainer.globalStep ?? 0,
      message,
    };
    return { msg, transfer: [] };
  }

  protected async report(m: LoadedModel, watch: Watch): Promise<ViewReport> {
    const raw = m.raw.test;
    const ds = m.data.test;
    if (raw.inputShape.length !== 3 || raw.inputDtype !== 'float32') return this.empty(watch, 'The conv views need an image dataset.');
    if (ds.n === 0) return this.empty(watch, 'The dataset has no test images.');
    const compiled = m.trainer.model;
    const filters = firstConvFilters(compiled.graph, compiled.layout);
    const maps = featureMapLayers(compiled.graph);
    if (!filters) return this.empty(watch, 'The model has no Conv2D layer.');
    const sample = Math.min(watch.sample, ds.n - 1);
    const width = raw.inputShape.reduce((a, b) => a * b, 1);
    const { drawn } = watch;
    if (drawn && drawn.length !== width) return this.empty(watch, `The drawing has ${drawn.length} values but the model's input takes ${width} (${raw.inputShape.join('×')}).`);
    if (drawn && !drawn.every(Number.isFinite)) return this.empty(watch, 'The drawing holds values that are not finite numbers.');
    // The drawing is in raw units like a dataset row: scaled as the rows are (images usually are not).
    const x = drawn ? scaleRow(drawn, m.preprocessing) : (ds.x as Float32Array).slice(sample * width, (sample + 1) * width);
    const image = drawn ? drawn.slice() : (raw.x as Float32Array).slice(sample * width, (sample + 1) * width);
    const probe = await this.probe(compiled, 'one-image', () => LayerOutputsProbe.create(compiled, maps.map((l) => l.id), 1, [filters.weight]));
    // Stamped before the probe is submitted: it sees the weights after at least this many steps.
    const { epoch, globalStep } = m.trainer;
    const { outputs, slices } = await probe.run(x);
    const label = drawn || raw.task !== 'classification' ? null : (raw.classNames?.[raw.y[sample]] ?? String(raw.y[sample]));
    const msg: ConvFromWorker = {
      type: 'conv-views',
      sample,
      drawn: drawn !== null,
      testRows: ds.n,
      image,
      imageShape: [...raw.inputShape],
      label,
      filters: { layer: filters.id, kh: filters.kh, kw: filters.kw, cin: filters.cin, count: filters.filters, weights: slices[0] },
      layers: maps.map((l, i) => ({ layer: l.id, type: l.type, shape: l.shape, values: outputs[i].values })),
      epoch,
      globalStep,
      message: null,
    };
    return { msg, transfer: [image.buffer, slices[0].buffer, ...outputs.map((o) => o.values.buffer)] as ArrayBuffer[] };
  }
}
