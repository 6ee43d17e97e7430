/**
 * Runs a CLI entry point for real and splits its output: the run's bundle of src/cli
 * (cli-bundle.setup.ts: the same sources, started in a tenth of tsx's time), or under tsx as
 * `npm run <command>` does when there is no bundle.
 */
import { spawnSync } from 'node:child_process';
import { inject } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  out: string;
  /** The "error: ..." lines of stderr (Dawn's XDG_RUNTIME_DIR notice left out). */
  err: string;
}

export type CliCommand = 'train' | 'export' | 'predict' | 'evaluate';

/** `node` arguments that start `command`: the bundle's entry point, or tsx on the source (`tsx: true`, or no bundle). */
export function cliArgs(command: CliCommand, opts: { tsx?: boolean } = {}): string[] {
  const bundle = inject('cliBundle');
  if (bundle && !opts.tsx) return [join(bundle, `${command}.mjs`)];
  return ['node_modules/tsx/dist/cli.mjs', '--import', './scripts/register-raw.mjs', `src/cli/${command}.ts`];
}

export function runCli(command: CliCommand, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [...cliArgs(command), ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l.startsWith('error') && !l.includes('XDG_RUNTIME_DIR')).join('\n') };
}

export const tmp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** The rows of a CSV text (header first), split on commas (no quoted cells in what the CLI writes for numbers). */
export function csvRows(text: string): string[][] {
  return text.split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
}
