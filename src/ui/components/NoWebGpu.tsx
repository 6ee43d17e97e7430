/** Shown instead of the playground when the worker cannot get a WebGPU device. */

export function NoWebGpu({ message }: { message: string }) {
  return (
    <section className="panel notice" role="alert" data-testid="no-webgpu">
      <h2>WebGPU is not available</h2>
      <p>
        This playground trains neural networks on your GPU through WebGPU, so it needs a WebGPU-capable Chrome or
        Chromium (version 113 or newer). On Linux, start Chromium with <code>--enable-unsafe-webgpu --enable-features=Vulkan</code>.
      </p>
      <p className="muted">Details: {message}</p>
    </section>
  );
}
