/**
 * Buffer arena: every GPUBuffer the engine creates goes through here, so live bytes are counted
 * and everything a compiled model owns is destroyed together.
 */
export class BufferArena {
  private readonly buffers = new Set<GPUBuffer>();
  private bytes = 0;

  constructor(private readonly device: GPUDevice) {}

  get liveBytes(): number {
    return this.bytes;
  }

  get liveBuffers(): number {
    return this.buffers.size;
  }

  /** size in bytes, rounded up to a multiple of 16 (and at least 16). */
  create(label: string, size: number, usage: GPUBufferUsageFlags): GPUBuffer {
    const padded = Math.max(16, Math.ceil(size / 16) * 16);
    const buffer = this.device.createBuffer({ label, size: padded, usage });
    this.buffers.add(buffer);
    this.bytes += padded;
    return buffer;
  }

  storage(label: string, size: number, extra: GPUBufferUsageFlags = 0): GPUBuffer {
    return this.create(label, size, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST | extra);
  }

  uniform(label: string, size: number): GPUBuffer {
    return this.create(label, size, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  }

  staging(label: string, size: number): GPUBuffer {
    return this.create(label, size, GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST);
  }

  /** Storage buffer initialised from data. */
  upload(label: string, data: Float32Array | Int32Array | Uint32Array): GPUBuffer {
    const buffer = this.storage(label, data.byteLength);
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    return buffer;
  }

  destroy(buffer: GPUBuffer): void {
    if (!this.buffers.delete(buffer)) return;
    this.bytes -= buffer.size;
    buffer.destroy();
  }

  destroyAll(): void {
    for (const b of this.buffers) b.destroy();
    this.buffers.clear();
    this.bytes = 0;
  }
}

/** Copies a storage buffer to the CPU (test and inspection use; never inside the training loop). */
export async function readBuffer(device: GPUDevice, src: GPUBuffer, byteLength = src.size, offset = 0): Promise<ArrayBuffer> {
  const size = Math.ceil(byteLength / 4) * 4;
  const staging = device.createBuffer({ size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(src, offset, staging, 0, size);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange().slice(0, byteLength);
  staging.unmap();
  staging.destroy();
  return out;
}

export async function readF32(device: GPUDevice, src: GPUBuffer, count: number, offsetElems = 0): Promise<Float32Array> {
  return new Float32Array(await readBuffer(device, src, count * 4, offsetElems * 4));
}
