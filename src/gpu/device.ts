/**
 * One way to obtain a GPUDevice from any GPU entry point (navigator.gpu in a page or worker,
 * the `webgpu` package under Node). Requests the adapter limits the engine needs and reports
 * device loss to the caller.
 */
import { GpuError } from './errors';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallback: boolean;
}

export interface GpuContext {
  device: GPUDevice;
  adapter: AdapterSummary;
  limits: {
    maxStorageBufferBindingSize: number;
    maxBufferSize: number;
    maxComputeWorkgroupStorageSize: number;
    maxStorageBuffersPerShaderStage: number;
    maxComputeInvocationsPerWorkgroup: number;
  };
  /** Resolves when the device is lost (never, for a healthy device). */
  lost: Promise<string>;
}

export function summarizeAdapter(adapter: GPUAdapter): AdapterSummary {
  const info = adapter.info;
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallback: Boolean((info as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter),
  };
}

export function adapterLabel(a: AdapterSummary): string {
  const parts = [a.vendor, a.architecture, a.device || a.description].filter((s) => s && s.length > 0);
  return parts.length ? parts.join(' / ') : 'unknown adapter';
}

export async function createGpuContext(gpu: GPU, onLost?: (reason: string) => void): Promise<GpuContext> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new GpuError('No WebGPU adapter was found. A WebGPU-capable browser (Chrome or Chromium 113+) is needed.', 'no-adapter');
  const a = adapter.limits;
  const device = await adapter.requestDevice({
    // Timestamps let the per-layer profile (engine/inspect/profile.ts) time each pass on the GPU.
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
      maxBufferSize: a.maxBufferSize,
      maxComputeWorkgroupStorageSize: a.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: a.maxStorageBuffersPerShaderStage,
      maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupsPerDimension: a.maxComputeWorkgroupsPerDimension,
    },
  });
  const lost = device.lost.then((info) => {
    const reason = `GPU device lost (${info.reason}): ${info.message}`;
    onLost?.(reason);
    return reason;
  });
  const l = device.limits;
  return {
    device,
    adapter: summarizeAdapter(adapter),
    limits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
    },
    lost,
  };
}
