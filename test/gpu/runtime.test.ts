/** The WebGPU runtime: readable compile and validation errors, device loss, arena and cache. */
import { describe, it, expect } from 'vitest';
import { gpu } from '../helpers/gpu';
import { checkShaderCompilation, GpuError, withErrorScopes } from '../../src/gpu/errors';
import { BufferArena } from '../../src/gpu/arena';
import { PipelineCache } from '../../src/gpu/pipelines';
import { createGpuContext } from '../../src/gpu/device';
import { KERNELS, kernelFile } from '../../src/kernels/registry';

let secondInstance: GPU | null = null;

describe('gpu runtime', () => {
  it('reports WGSL compile errors with file, line and column', async () => {
    const { device } = await gpu();
    const module = device.createShaderModule({ code: 'override N: u32;\n\nfn broken() -> f32 {\n  return undefined_thing;\n}\n' });
    const err = await checkShaderCompilation(module, 'src/kernels/broken.wgsl').then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GpuError);
    expect((err as GpuError).kind).toBe('compile');
    expect((err as Error).message).toMatch(/src\/kernels\/broken\.wgsl:4:10: .*undefined_thing/);
  });

  it('every registered kernel compiles and names a real entry point', async () => {
    const { device, pipelines } = await gpu();
    for (const id of Object.keys(KERNELS) as (keyof typeof KERNELS)[]) {
      const { code, file, locate } = kernelFile(id);
      expect(code, id).toMatch(new RegExp(`fn ${id}\\(`));
      await checkShaderCompilation(device.createShaderModule({ code }), file, locate);
    }
    expect(pipelines).toBeInstanceOf(PipelineCache);
  });

  it('turns validation and allocation failures into readable errors', async () => {
    const { device } = await gpu();
    const tooBig = withErrorScopes(device, 'allocating weights', () =>
      device.createBuffer({ size: 2 ** 52, usage: GPUBufferUsage.STORAGE }),
    );
    await expect(tooBig).rejects.toThrow(/^allocating weights: /);
    const badUsage = withErrorScopes(device, 'making a staging buffer', () =>
      device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE }),
    );
    await expect(badUsage).rejects.toMatchObject({ kind: 'validation' });
  });

  it('caches pipelines by kernel id and override constants', async () => {
    const { device } = await gpu();
    const cache = new PipelineCache(device);
    const a = await cache.get('activation_forward', { E: 8, ACT: 1 });
    const b = await cache.get('activation_forward', { ACT: 1, E: 8 });
    const c = await cache.get('activation_forward', { E: 8, ACT: 2 });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(cache.size).toBe(2);
    expect(PipelineCache.key('dense_forward', { N: 3, M: 2, HAS_BIAS: true })).toBe('dense_forward|HAS_BIAS=1,M=2,N=3');
  });

  it('the arena counts live bytes and frees everything it made', async () => {
    const { device } = await gpu();
    const arena = new BufferArena(device);
    const a = arena.storage('a', 100); // rounded up to 112
    arena.upload('b', new Float32Array(8));
    expect(arena.liveBytes).toBe(112 + 32);
    expect(arena.liveBuffers).toBe(2);
    arena.destroy(a);
    expect(arena.liveBytes).toBe(32);
    arena.destroyAll();
    expect(arena.liveBytes).toBe(0);
  });

  it('detects device loss and reports it to the caller', async () => {
    const { ctx } = await gpu();
    // A second device from a fresh context, so the shared one stays healthy.
    const { create } = await import('webgpu');
    secondInstance = create([]); // kept alive: Dawn aborts if an instance is collected under a device
    const reasons: string[] = [];
    const fresh = await createGpuContext(secondInstance, (r) => reasons.push(r));
    expect(fresh.adapter.architecture).toBe(ctx.adapter.architecture);
    fresh.device.destroy();
    const reason = await fresh.lost;
    expect(reason).toMatch(/^GPU device lost \(destroyed\)/);
    expect(reasons).toEqual([reason]);
  });
});
