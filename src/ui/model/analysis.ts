/**
 * The editor's view of analyzeModel: errors grouped per layer and per field, shapes and parameter
 * counts for as much of the graph as can be inferred (analyzeModel stops inferring at the first
 * wiring error, so the well-wired part is analysed again on its own), totals, and whether the
 * model can train on its dataset (and if not, why).
 */
import { analyzeModel, formatSpecError, MAX_LAYERS, type Analysis, type SpecError } from '../../engine/graph';
import type { LayerSpec, ModelSpec } from '../../engine/spec';
import type { UploadMeta } from '../../data/uploads/types';
import type { ProjectCore } from '../project/types';
import { estimateTotals, type Totals } from './estimates';
import { datasetInfo } from './dataset-info';
import { datasetFitProblem } from './fit';
import { outputFitMessage } from './output-fix';
import { sizeProblems, WEBGPU_DEFAULT_LIMITS, type BufferLimits } from '../../engine/size-check';

export interface EditorAnalysis {
  analysis: Analysis;
  errors: SpecError[];
  /** Errors per layer id. */
  byLayer: Map<string, SpecError[]>;
  /** Model-level errors (loss, optimizer, output). */
  modelErrors: SpecError[];
  shapes: Analysis['shapes'];
  paramCounts: Analysis['paramCounts'];
  totals: Totals;
  /** Why Train is disabled (graph errors or a dataset mismatch), or null. */
  blocker: string | null;
}

/** The layers whose inputs all exist and whose arity is met, transitively. */
function wellWired(spec: ModelSpec, arityOk: (l: LayerSpec, n: number) => boolean): ModelSpec {
  let layers = spec.layers;
  for (;;) {
    const ids = new Set(layers.map((l) => l.id));
    const next = layers.filter((l) => (l.inputs ?? []).every((s) => ids.has(s)) && arityOk(l, (l.inputs ?? []).length));
    if (next.length === layers.length) break;
    layers = next;
  }
  const ids = new Set(layers.map((l) => l.id));
  const output = ids.has(spec.output) ? spec.output : (layers.at(-1)?.id ?? '');
  return { ...spec, layers, output };
}

/**
 * `limits`: the device's buffer limits when known; else the model's own buffers are checked against
 * the WebGPU defaults and a refusal says so (an adapter may allow more; the engine checks again,
 * dataset included, on the real device before allocating).
 */
export function analyzeForEditor(core: ProjectCore, arity: (type: string) => [number, number] | undefined, uploads: readonly UploadMeta[] = [], limits?: BufferLimits): EditorAnalysis {
  const { spec } = core;
  const analysis = analyzeModel(spec);
  let shapes = analysis.shapes;
  let paramCounts = analysis.paramCounts;
  // Over MAX_LAYERS the analysis refused the model outright; re-analysing a part would not be bounded.
  if (!analysis.graph && spec.layers.length > 0 && spec.layers.length <= MAX_LAYERS) {
    const partial = analyzeModel(
      wellWired(spec, (l, n) => {
        const a = arity(l.type);
        return !!a && n >= a[0] && n <= a[1];
      }),
    );
    if (partial.shapes.size > shapes.size) {
      shapes = new Map([...partial.shapes, ...shapes]);
      paramCounts = new Map([...partial.paramCounts, ...paramCounts]);
    }
  }
  const ds = datasetInfo(core.dataset, uploads);
  // Where the dataset is known, the engine's loss-vs-activation errors give way to the one message
  // that names the whole fix for this dataset (output-fix.ts): the two must never disagree.
  const headMessage = analysis.errors.some((e) => e.field === 'loss' && e.layer === spec.output) ? outputFitMessage(spec, ds, shapes.get(spec.output)?.shape ?? null) : null;
  const errors = headMessage
    ? analysis.errors.map((e) => (e.field === 'loss' && e.layer === spec.output ? { ...e, message: headMessage.replace(/\.$/, '') } : e))
    : analysis.errors;
  const byLayer = new Map<string, SpecError[]>();
  const modelErrors: SpecError[] = [];
  const layerIds = new Set(spec.layers.map((l) => l.id));
  for (const e of errors) {
    const onLayer = !!e.layer && layerIds.has(e.layer);
    if (onLayer) {
      const list = byLayer.get(e.layer!);
      if (list) list.push(e);
      else byLayer.set(e.layer!, [e]);
    }
    if (!onLayer || e.field === 'loss') modelErrors.push(e);
  }
  const rowShape = ds.inputShape ?? analysis.graph?.inputs[0]?.out.shape ?? [];
  const datasetValues = ds.trainRows * rowShape.reduce((a, b) => a * b, 1);
  const totals = estimateTotals(spec, { ...analysis, shapes, paramCounts }, core.settings.batchSize, datasetValues);
  let blocker: string | null = null;
  if (spec.layers.length === 0) blocker = 'The model is empty: add an Input layer and more from the palette.';
  else if (headMessage && errors.length === 1) blocker = headMessage;
  else if (errors.length > 0) {
    const n = errors.length;
    blocker = `Fix ${n === 1 ? 'the problem' : `${n} problems`} in the model first: ${formatSpecError(errors[0])}.`;
  } else if (analysis.graph) {
    const fit = datasetFitProblem(analysis.graph, ds);
    if (fit) blocker = fit;
    else {
      // Without the device's limits the dataset is left out (built-in sets outgrow the spec defaults
      // that real adapters raise); the engine checks everything again on the device.
      const data = limits ? [{ label: 'training set on the GPU', bytes: 4 * datasetValues }] : [];
      const size = sizeProblems(analysis.graph, Math.max(1, core.settings.batchSize), limits ?? WEBGPU_DEFAULT_LIMITS, data);
      if (size.length > 0) blocker = `The model is too large for ${limits ? 'this GPU' : 'WebGPU\'s default limits (your GPU may allow more)'}: ${size.join('; ')}.`;
    }
  }
  return { analysis, errors, byLayer, modelErrors, shapes, paramCounts, totals, blocker };
}
