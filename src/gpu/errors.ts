/**
 * Readable GPU errors: shader compile messages with file:line:column, error scopes around
 * allocation and pipeline creation, and device loss.
 */
export class GpuError extends Error {
  constructor(message: string, readonly kind: 'compile' | 'validation' | 'out-of-memory' | 'internal' | 'device-lost' | 'no-adapter') {
    super(message);
    this.name = 'GpuError';
  }
}

/** Turns a shader module's compilation messages into one error naming file, line and column. */
export async function checkShaderCompilation(
  module: GPUShaderModule,
  file: string,
  /** Maps a line of a module assembled from several files to `path:line`. */
  locate: (line: number) => string = (line) => `${file}:${line}`,
): Promise<void> {
  const info = await module.getCompilationInfo();
  const errors = info.messages.filter((m) => m.type === 'error');
  if (errors.length === 0) return;
  const lines = errors.map((m) => `${locate(m.lineNum)}:${m.linePos}: ${m.message}`);
  throw new GpuError(`WGSL compile error\n${lines.join('\n')}`, 'compile');
}

/**
 * Runs fn inside validation + out-of-memory + internal error scopes and throws the first error
 * as a GpuError whose message starts with `what`.
 */
export async function withErrorScopes<T>(device: GPUDevice, what: string, fn: () => T): Promise<T> {
  device.pushErrorScope('internal');
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let result: T;
  try {
    result = fn();
  } finally {
    // A GPU error is the cause of whatever fn threw, so it replaces that exception.
    /* eslint-disable no-unsafe-finally */
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const internal = await device.popErrorScope();
    if (oom) throw new GpuError(`${what}: out of GPU memory (${oom.message})`, 'out-of-memory');
    if (validation) throw new GpuError(`${what}: ${validation.message}`, 'validation');
    if (internal) throw new GpuError(`${what}: internal GPU error (${internal.message})`, 'internal');
    /* eslint-enable no-unsafe-finally */
  }
  return result;
}
