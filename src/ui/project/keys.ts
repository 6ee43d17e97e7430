/**
 * Fingerprints that decide what the worker must rebuild: the config key (anything the worker's
 * model depends on) and the architecture key (what the weights depend on: layers, output, loss,
 * dataset and seed). Weights carry over a rebuild only when the architecture key is unchanged.
 */
import type { ProjectCore } from './types';

export function configKey(c: ProjectCore): string {
  return JSON.stringify([c.spec, c.dataset, c.settings]);
}

export function archKey(c: ProjectCore): string {
  return JSON.stringify([c.spec.layers, c.spec.output, c.spec.loss, c.dataset, c.settings.seed]);
}
