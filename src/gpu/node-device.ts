/**
 * WebGPU under Node via the `webgpu` package (Dawn). When no Vulkan driver is configured, falls
 * back to the SwiftShader driver that ships inside Debian's chromium package.
 */
import { existsSync } from 'node:fs';
import { createGpuContext, type GpuContext } from './device';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

let cached: Promise<GpuContext> | null = null;
// Dawn's instance must outlive every device made from it: if the GPU object were garbage
// collected, its worker threads would be torn down under a live device and the process aborts.
let keepAlive: GPU | null = null;

export function nodeGpuContext(): Promise<GpuContext> {
  cached ??= (async () => {
    if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    const gpu = create(process.env.DAWN_FLAGS ? process.env.DAWN_FLAGS.split(' ') : []);
    keepAlive = gpu;
    return createGpuContext(keepAlive);
  })();
  return cached;
}
