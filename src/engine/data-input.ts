/**
 * What a model asks of a text dataset, read from its spec: the model-dependent half of featurising
 * an upload (moved here from src/data/uploads so that src/data knows no model). The text parsing
 * and windowing stay in src/data/uploads (text-features.ts, char-text.ts); these functions give
 * them the shape to cut for, as the structural types TextModelInput and CorpusModelInput there.
 * Used by the worker and the CLI (to load an upload) and by the UI (corpusModelProblem, to explain
 * a mismatch at the dataset).
 */
import { analyzeModel, type ModelGraph } from './graph';
import type { ModelSpec } from './spec';

/** The input a text upload's features are made for: its dtype and shape, and the inputDim of the Embedding reading it. */
export interface TextInputShape {
  readonly dtype: 'float32' | 'int32';
  readonly shape: readonly number[];
  readonly vocabulary?: number;
}

/** A character language model's context length T and vocabulary size C. */
export interface CorpusInputShape {
  readonly context: number;
  readonly vocabulary: number;
}

/** What a text upload's features are made for: the model's input and the Embedding reading it. */
export function textInputOf(spec: ModelSpec): TextInputShape {
  const graph = analyzeModel(spec).graph;
  if (!graph || graph.inputs.length !== 1) throw new Error('a text dataset needs a valid model with one input');
  const input = graph.inputs[0];
  const embedding = input.consumers.find((c) => c.spec.type === 'Embedding');
  const vocabulary = embedding && 'inputDim' in embedding.spec ? (embedding.spec.inputDim as number) : undefined;
  return { dtype: input.out.dtype, shape: input.out.shape, ...(vocabulary !== undefined ? { vocabulary } : {}) };
}

/**
 * Why `graph` cannot train on a text corpus, or null when it can: a character language model
 * reads an int32 input [T] into an Embedding (inputDim at least C) and predicts [T, C], a class per
 * position, with sparse cross-entropy. The worker throws it; the UI shows it at the dataset.
 */
export function corpusModelProblem(graph: ModelGraph): string | null {
  if (graph.inputs.length !== 1) return 'a text corpus needs a model with one input';
  const input = graph.inputs[0];
  const shape = input.out.shape;
  if (input.out.dtype !== 'int32' || shape.length !== 1) {
    return `a text corpus trains a character language model: its input must be int32 [context] character ids, but input "${input.spec.id}" is ${input.out.dtype} [${shape.join(', ')}]`;
  }
  const embedding = input.consumers.find((c) => c.spec.type === 'Embedding');
  if (!embedding) return `a text corpus needs an Embedding right after input "${input.spec.id}"`;
  const out = graph.output;
  const o = out.out.shape;
  if (o.length !== 2 || o[0] !== shape[0]) {
    return `a text corpus trains a character language model: output "${out.spec.id}" must predict a character at each of the ${shape[0]} positions ([${shape[0]}, vocabulary]), but it is [${o.join(', ')}]`;
  }
  if (graph.spec.loss !== 'sparse_categorical_crossentropy') return 'a text corpus is labelled with the next character at each position: use sparse_categorical_crossentropy';
  const vocab = (embedding.spec as { inputDim: number }).inputDim;
  if (vocab < o[1]) return `Embedding "${embedding.spec.id}" has inputDim ${vocab}, fewer than the ${o[1]} characters output "${out.spec.id}" predicts: set inputDim to at least ${o[1]}`;
  return null;
}

/** The context and vocabulary of a character language model `spec` (see corpusModelProblem); throws with the reason otherwise. */
export function corpusInputOf(spec: ModelSpec): CorpusInputShape {
  const graph = analyzeModel(spec).graph;
  if (!graph) throw new Error('a text corpus needs a valid model');
  const problem = corpusModelProblem(graph);
  if (problem) throw new Error(problem);
  const [context, vocabulary] = graph.output.out.shape;
  return { context, vocabulary };
}
