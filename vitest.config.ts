import { defineConfig } from 'vitest/config';

// Engine tests run real WGSL on Dawn (npm `webgpu`) + SwiftShader under Node.
// GPU work is CPU-bound on SwiftShader, so two forks match the two cores.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
