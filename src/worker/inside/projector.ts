/**
 * The projector view's worker side (protocol-inside.ts, "projector"): while it is open, the model's
 * token Embedding rows (the first PROJECTOR_MAX_POINTS ids, most frequent first, labelled with
 * their words or characters) or a classifier's penultimate activations of the first test samples
 * (read on the GPU by a LayerOutputsProbe, coloured by class), projected to 2D by PCA on the CPU. It is
 * computed when opened and again after every epoch and run; closing it frees the probe.
 */
import type { Dataset } from '../../data/dataset';
import { targetSize } from '../../data/dataset';
import { pca2 } from '../../engine/inspect/pca';
import { LayerOutputsProbe } from '../../engine/inspect/layer-outputs';
import { penultimateNode, tokenEmbedding } from '../../engine/inspect/projection-source';
import { paramOffsets } from '../../engine/params';
import type { EmbeddingLayer } from '../../engine/spec';
import type { Trainer } from '../../engine/trainer';
import type { LoadedModel } from '../model-loader';
import { PROJECTOR_MAX_POINTS, type ProjectorReport, type ProjectorSource, type ProjectorToWorker } from '../protocol-inside';
import { messageOf, type SessionCore } from '../session-core';

/** How a token prints as a point's label (blank characters made visible). */
export function tokenText(t: string): string {
  if (t === ' ') return '␣';
  if (t === '\n') return '↵';
  if (t === '\t') return '⇥';
  return t;
}

/**
 * The label of each of the first `count` token ids, null for an id not worth a point (padding, an
 * unused id): words from a token dataset's vocabulary, characters from a character corpus's table
 * (its class names, id = character), else "#id".
 */
export function tokenLabels(test: Dataset, count: number): (string | null)[] {
  const words = test.vocabulary ?? test.textEncoding?.words;
  const chars = !words && test.inputDtype === 'int32' && test.targetShape.length === 1 ? test.classNames : undefined;
  return Array.from({ length: count }, (_, id) => {
    const t = words ? words[id] : chars ? chars[id] : `#${id}`;
    if (t === undefined || t === '' || (words && id === 0)) return null;
    return tokenText(t);
  });
}

const empty = (source: ProjectorSource, t: Trainer | null, message: string): ProjectorReport => ({
  source,
  layer: null,
  epoch: t?.epoch ?? 0,
  globalStep: t?.globalStep ?? 0,
  xs: [],
  ys: [],
  labels: null,
  classes: null,
  classNames: null,
  variance: [0, 0],
  totalVariance: 0,
  message,
});

/** The inputs of the first `k` samples of `ds`. */
function headRows(ds: Dataset, k: number): Float32Array | Int32Array {
  return ds.x.slice(0, k * ds.inputShape.reduce((a, b) => a * b, 1));
}

function project(rows: Float32Array | Float64Array, n: number, d: number) {
  const p = pca2(rows, n, d);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    xs.push(p.coords[2 * i]);
    ys.push(p.coords[2 * i + 1]);
  }
  return { xs, ys, variance: p.variance, totalVariance: p.totalVariance };
}

/** The Embedding's token rows of model `m`, projected and labelled. */
export async function embeddingProjection(m: LoadedModel): Promise<ProjectorReport> {
  const t = m.trainer;
  const node = tokenEmbedding(t.model.graph);
  if (!node) return empty('embedding', t, 'This model has no Embedding layer fed by token ids.');
  const spec = node.spec as EmbeddingLayer;
  const labels = tokenLabels(m.data.test, Math.min(spec.inputDim, PROJECTOR_MAX_POINTS));
  const ids = labels.flatMap((l, id) => (l === null ? [] : [id]));
  if (ids.length < 2) return empty('embedding', t, 'The vocabulary has fewer than two tokens to place.');
  const params = await t.readParams();
  const off = paramOffsets(t.model.layout, spec.id).weight;
  const D = spec.outputDim;
  const rows = new Float32Array(ids.length * D);
  ids.forEach((id, r) => rows.set(params.subarray(off + id * D, off + (id + 1) * D), r * D));
  return { ...project(rows, ids.length, D), source: 'embedding', layer: spec.id, epoch: t.epoch, globalStep: t.globalStep, labels: ids.map((id) => labels[id]!), classes: null, classNames: null, message: null };
}

export class Projector {
  private source: ProjectorSource | null = null;
  private probe: { trainer: Trainer; node: string; rows: number; probe: Promise<LayerOutputsProbe> } | null = null;

  constructor(private readonly core: SessionCore) {}

  get open(): boolean {
    return this.source !== null;
  }

  watch(msg: Extract<ProjectorToWorker, { type: 'watch-projector' }>): void {
    if (!msg.watch) {
      this.source = null;
      this.dropProbe();
      return;
    }
    this.source = msg.source === 'penultimate' ? 'penultimate' : 'embedding';
    // After the queued GPU work (a run in progress refreshes it after each epoch, and this once it ends).
    this.core.enqueue('evaluate', () => this.refresh());
  }

  /** Computes and posts the open projection (nothing when closed). */
  async refresh(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const m = this.core.usableModel();
    let report: ProjectorReport;
    try {
      report = typeof m === 'string' ? empty(source, null, m) : source === 'embedding' ? await embeddingProjection(m) : await this.penultimate(m);
    } catch (e) {
      report = empty(source, typeof m === 'string' ? null : m.trainer, `The projection failed: ${messageOf(e)}`);
    }
    if (this.source === source) this.core.post({ type: 'projector', report });
  }

  private async penultimate(m: LoadedModel): Promise<ProjectorReport> {
    const t = m.trainer;
    const node = penultimateNode(t.model.graph);
    if (!node) return empty('penultimate', t, 'The penultimate view needs a classifier with one class per sample and a hidden layer before its head.');
    const test = m.data.test;
    const k = Math.min(test.n, PROJECTOR_MAX_POINTS);
    if (k < 2) return empty('penultimate', t, 'The test split has fewer than two samples.');
    const id = node.spec.id;
    if (!this.probe || this.probe.trainer !== t || this.probe.node !== id || this.probe.rows !== k) {
      this.dropProbe();
      this.probe = { trainer: t, node: id, rows: k, probe: LayerOutputsProbe.create(t.model, [id], k) };
    }
    const probe = await this.probe.probe;
    const [out] = (await probe.run(headRows(test, k))).outputs;
    const acts = out.values;
    const perClass = targetSize(test) === 1 && test.task === 'classification';
    const classes = perClass ? Array.from(test.y.subarray(0, k), (c) => Math.round(c)) : null;
    return { ...project(acts, k, acts.length / k), source: 'penultimate', layer: id, epoch: t.epoch, globalStep: t.globalStep, labels: null, classes, classNames: test.classNames ? [...test.classNames] : null, message: null };
  }

  private dropProbe(): void {
    const p = this.probe;
    this.probe = null;
    void p?.probe.then((probe) => probe.destroy(), () => undefined);
  }
}
