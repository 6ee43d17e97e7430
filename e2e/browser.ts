/**
 * The Chromium used by the e2e tests: CHROMIUM_PATH, else Debian's /usr/bin/chromium when it
 * exists, else Playwright's own browser; and the flags that give headless Chromium a WebGPU
 * adapter (SwiftShader through Vulkan on a machine without a GPU).
 */
import { existsSync } from 'node:fs';

export const chromiumPath: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export const QUIET_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const WEBGPU_ARGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', ...QUIET_ARGS];

/** Launch options for a browser with WebGPU switched off (for the no-WebGPU page). */
export const NO_WEBGPU_LAUNCH = {
  ...(chromiumPath ? { executablePath: chromiumPath } : {}),
  args: ['--disable-gpu', '--disable-features=Vulkan,WebGPU', ...QUIET_ARGS],
};
