/**
 * Which layers the projector reads: the Embedding whose rows are token vectors (fed straight by
 * the model's input), and a classifier's penultimate layer (what the head Dense reads: its
 * activations are the features the classes are separated by).
 */
import type { GraphNode, ModelGraph } from '../graph';
import { isClassificationLoss } from '../losses';

/** The first Embedding fed by an Input (its row i is token i's vector); null when there is none. */
export function tokenEmbedding(graph: ModelGraph): GraphNode | null {
  return graph.nodes.find((n) => n.spec.type === 'Embedding' && n.inputs[0]?.spec.type === 'Input') ?? null;
}

/** A classifier with one prediction per sample (not one per position, as a language model has). */
export function isSampleClassifier(graph: ModelGraph): boolean {
  return isClassificationLoss(graph.spec.loss) && graph.output.out.shape.length === 1;
}

const PASS_THROUGH = new Set(['Activation', 'Dropout']);

/**
 * The layer a classifier's head reads: from the output back through parameter-free Activation and
 * Dropout layers to the head (the last layer with weights), then its first input. Null for a model
 * that is not a per-sample classifier, or whose head reads the raw input.
 */
export function penultimateNode(graph: ModelGraph): GraphNode | null {
  if (!isSampleClassifier(graph)) return null;
  let head = graph.output;
  while (PASS_THROUGH.has(head.spec.type) && head.inputs.length > 0) head = head.inputs[0];
  let p: GraphNode | undefined = head.inputs[0];
  while (p && p.spec.type === 'Dropout') p = p.inputs[0];
  if (!p || p.spec.type === 'Input' || p.out.dtype !== 'float32') return null;
  return p;
}
