// ESLint (flat config): @eslint/js recommended + typescript-eslint recommended over src/, test/,
// e2e/ and scripts/. `npm run lint`. The import direction is checked by dependency-cruiser
// (.dependency-cruiser.cjs, `npm run lint:deps`), not here.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'reports/', 'node_modules/', 'test-results/', 'playwright-report/', '.venv/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // `_`-prefixed names are deliberately unused (a parameter kept for a signature, a skipped
      // element, `for (const _ of text)` counting code points); tsc's noUnused* already checks the rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Node scripts (plain .mjs): Node's globals.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
