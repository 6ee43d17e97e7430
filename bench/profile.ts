/**
 * `npm run bench -- --profile <preset>`: the per-layer GPU time of one training step of a preset
 * (engine/inspect/profile.ts) under Node (Dawn), printed as a table (layer, pass, ms, % of the
 * step) with the rows' total and the whole step measured separately. The first row (gather) also
 * carries the fixed cost of a submission. Returns the exit code.
 */
import { loadDataset } from '../src/data/registry';
import { profileStep, type StepProfile } from '../src/engine/inspect/profile';
import { Trainer } from '../src/engine/trainer';
import { adapterLabel } from '../src/gpu/device';
import { nodeGpuContext } from '../src/gpu/node-device';
import { tunedPipelines } from '../src/cli/tuned-pipelines';
import { findPreset, PRESETS } from '../src/presets/presets';

/** The table as text lines. */
export function profileTable(p: StepProfile): string[] {
  const w = Math.max(5, ...p.rows.map((r) => r.layer.length));
  const pct = (ms: number) => (p.totalMs > 0 ? (100 * ms) / p.totalMs : 0).toFixed(1).padStart(6);
  return [
    `${'layer'.padEnd(w)}  ${'pass'.padEnd(9)}  ${'ms'.padStart(9)}  ${'%'.padStart(6)}`,
    ...p.rows.map((r) => `${r.layer.padEnd(w)}  ${r.pass.padEnd(9)}  ${r.ms.toFixed(3).padStart(9)}  ${pct(r.ms)}`),
    `${'total'.padEnd(w)}  ${''.padEnd(9)}  ${p.totalMs.toFixed(3).padStart(9)}  ${pct(p.totalMs)}`,
    `whole step measured separately: ${p.stepMs.toFixed(3)} ms (${p.method}, median of ${p.repeats})`,
  ];
}

export async function runProfile(id: string): Promise<number> {
  const preset = findPreset(id);
  if (!preset) {
    console.error(`bench: unknown preset "${id}" (one of ${PRESETS.map((p) => p.id).join(', ')})`);
    return 2;
  }
  const ctx = await nodeGpuContext();
  const { train } = await loadDataset(preset.dataset, { seed: preset.train.seed, n: Math.max(4 * preset.train.batchSize, 256) });
  const trainer = await Trainer.create(ctx.device, await tunedPipelines(ctx), preset.spec, { train }, preset.train);
  try {
    await trainer.runSteps(0, 2); // pipelines warm, the first steps' one-time costs paid
    const p = await profileStep(trainer, { budgetMs: 20_000 });
    console.log(`${preset.title}: one training step, batch ${preset.train.batchSize}, ${trainer.dispatchesPerStep} dispatches (${adapterLabel(ctx.adapter)})`);
    for (const line of profileTable(p)) console.log(line);
    return 0;
  } finally {
    trainer.destroy();
  }
}
