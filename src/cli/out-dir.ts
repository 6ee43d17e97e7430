/** Output directories for the CLI: created level by level, checked writable, one clear error. */
import { accessSync, constants as fsConstants, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args';

/** mkdir -p one level at a time: Node's recursive mkdir never returns on some paths (/proc/x). */
function makeDirs(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirs(parent);
  mkdirSync(dir);
}

export function ensureWritableDir(dir: string): void {
  try {
    makeDirs(dir);
    accessSync(dir, fsConstants.W_OK);
  } catch (e) {
    throw new UsageError(`cannot write to output directory "${dir}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
