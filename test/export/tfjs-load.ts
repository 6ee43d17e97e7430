/**
 * Loads exported TF.js layers-format files the way an app does: tf.loadLayersModel over HTTP
 * (tfjs's own manifest and shard handling), with a fetch that serves the files from memory.
 */
import * as tf from '@tensorflow/tfjs';
import type { ExportFile } from '../../src/io/trained-model';
import type { Dataset } from '../../src/data/dataset';

export async function loadTfjs(files: ExportFile[]): Promise<tf.LayersModel> {
  const byName = new Map(files.map((f) => [f.name, f.data]));
  const fetchFunc = async (url: string | URL | Request): Promise<Response> => {
    const name = String(url).replace(/^https?:\/\/[^/]+\//, '');
    const data = byName.get(name);
    if (!data) return new Response(null, { status: 404 });
    return new Response(data.slice(), { status: 200 });
  };
  return tf.loadLayersModel(tf.io.http('http://files/model.json', { fetchFunc }));
}

/** The model's outputs for every row of `ds`, flattened. */
export function predictTfjs(model: tf.LayersModel, ds: Dataset): Float32Array {
  return predictTfjsShaped(model, ds).y;
}

/** The model's outputs for every row of `ds`, flattened, with the output tensor's shape. */
export function predictTfjsShaped(model: tf.LayersModel, ds: Dataset): { y: Float32Array; shape: number[] } {
  return tf.tidy(() => {
    const x = tf.tensor(ds.x, [ds.n, ...ds.inputShape], ds.inputDtype);
    const y = model.predict(x) as tf.Tensor;
    return { y: y.dataSync() as Float32Array, shape: [...y.shape] };
  });
}

export { maxAbsDiff } from '../helpers/max-abs-diff';
