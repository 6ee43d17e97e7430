/**
 * Pipeline cache keyed by kernel id + override constants. Shader modules are compiled once per
 * kernel family (src/kernels/registry.ts) and their compile errors reported with file:line:column.
 */
import { checkShaderCompilation, withErrorScopes } from './errors';
import type { Constants } from '../kernels/dispatch';
import type { Autotuner } from './autotune';
import { kernelFile, KERNELS, type KernelFamily, type KernelId } from '../kernels/registry';

export type { Constants };

export class PipelineCache {
  /** Chooses the variants of tunable kernel calls on this device (autotune.ts); null: every launcher's fallback. */
  tuner: Autotuner | null = null;
  private readonly modules = new Map<KernelFamily, Promise<GPUShaderModule>>();
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  static key(id: KernelId, constants: Constants): string {
    const parts = Object.keys(constants)
      .sort()
      .map((k) => `${k}=${Number(constants[k])}`);
    return `${id}|${parts.join(',')}`;
  }

  private module(id: KernelId): Promise<GPUShaderModule> {
    const stem = KERNELS[id];
    let m = this.modules.get(stem);
    if (!m) {
      const { file, code, locate } = kernelFile(id);
      m = (async () => {
        const module = this.device.createShaderModule({ label: file, code });
        await checkShaderCompilation(module, file, locate);
        return module;
      })();
      this.modules.set(stem, m);
    }
    return m;
  }

  get(id: KernelId, constants: Constants = {}): Promise<GPUComputePipeline> {
    const key = PipelineCache.key(id, constants);
    let p = this.pipelines.get(key);
    if (!p) {
      p = (async () => {
        const module = await this.module(id);
        const numeric: Record<string, number> = {};
        for (const [k, v] of Object.entries(constants)) numeric[k] = Number(v);
        return withErrorScopes(this.device, `pipeline ${key}`, () =>
          this.device.createComputePipeline({
            label: key,
            layout: 'auto',
            compute: { module, entryPoint: id, constants: numeric },
          }),
        );
      })();
      this.pipelines.set(key, p);
    }
    return p;
  }
}
