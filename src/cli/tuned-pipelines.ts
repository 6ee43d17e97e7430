/**
 * The pipeline cache the CLI and the bench's Node tools train with: the autotuner on, its winners
 * in a JSON file (src/gpu/tune-store-file.ts). `GRADIENT_AUTOTUNE=off|cached|measure` (default
 * measure) sets the mode; `GRADIENT_TUNE_FILE` the file.
 */
import { Autotuner, type TuneMode } from '../gpu/autotune';
import type { GpuContext } from '../gpu/device';
import { PipelineCache } from '../gpu/pipelines';
import { FileTuneStore } from '../gpu/tune-store-file';

const MODES: readonly TuneMode[] = ['measure', 'cached', 'off'];

export function tuneModeFrom(env: NodeJS.ProcessEnv = process.env): TuneMode {
  const v = (env.GRADIENT_AUTOTUNE ?? 'measure').trim().toLowerCase();
  if (!(MODES as readonly string[]).includes(v)) throw new Error(`GRADIENT_AUTOTUNE must be one of ${MODES.join(', ')} (got "${env.GRADIENT_AUTOTUNE}")`);
  return v as TuneMode;
}

export async function tunedPipelines(ctx: GpuContext): Promise<PipelineCache> {
  const pipelines = new PipelineCache(ctx.device);
  pipelines.tuner = await Autotuner.forAdapter(ctx.adapter, tuneModeFrom(), new FileTuneStore());
  return pipelines;
}
