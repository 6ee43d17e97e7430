/**
 * Fingerprints that decide what the worker must rebuild: the config key (anything the worker's
 * model depends on) and the architecture key (what the weights depend on: layers, output, loss,
 * dataset, seed and scaling). Weights carry over a rebuild only when the architecture key is unchanged.
 */
import type { ProjectCore } from './types';

export function configKey(c: ProjectCore): string {
  return JSON.stringify([c.spec, c.dataset, c.settings]);
}

export function archKey(c: ProjectCore): string {
  // Scaling joins the key only when set, so weights stored before it existed still match.
  const scaled = c.settings.scaling && c.settings.scaling !== 'none' ? [c.settings.scaling] : [];
  return JSON.stringify([c.spec.layers, c.spec.output, c.spec.loss, c.dataset, c.settings.seed, ...scaled]);
}
