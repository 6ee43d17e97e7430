import { defineConfig } from 'vitest/config';

// Engine tests run real WGSL on Dawn (npm `webgpu`) + SwiftShader under Node.
// GPU work is CPU-bound on SwiftShader, so two forks match the two cores.
// test/targets/ holds the long training-target runs (several minutes each on SwiftShader): they
// run with `npm run test:targets` (TARGETS=1), not in `npm test`, to keep CI short.
const targets = process.env.TARGETS === '1';
export default defineConfig({
  test: {
    include: targets ? ['test/targets/**/*.test.ts'] : ['test/**/*.test.ts'],
    exclude: targets ? [] : ['test/targets/**', '**/node_modules/**'],
    // Bundles the CLI once for the CLI tests' spawns (test/cli/cli-bundle.setup.ts).
    globalSetup: ['test/cli/cli-bundle.setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
