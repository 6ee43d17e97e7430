/** Runs a CLI entry point for real (tsx under Node, as `npm run <command>` does) and splits its output. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  out: string;
  /** The "error: ..." lines of stderr (Dawn's XDG_RUNTIME_DIR notice left out). */
  err: string;
}

export function runCli(command: 'train' | 'export' | 'predict' | 'evaluate', ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--import', './scripts/register-raw.mjs', `src/cli/${command}.ts`, ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l.startsWith('error') && !l.includes('XDG_RUNTIME_DIR')).join('\n') };
}

export const tmp = (prefix: string): string => mkdtempSync(join(tmpdir(), prefix));

/** The rows of a CSV text (header first), split on commas (no quoted cells in what the CLI writes for numbers). */
export function csvRows(text: string): string[][] {
  return text.split(/\r?\n/).filter((l) => l.length > 0).map((l) => l.split(','));
}
