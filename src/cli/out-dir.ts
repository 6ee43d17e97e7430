/** Output directories for the CLI: created level by level, checked writable, one clear error. */
import { accessSync, constants as fsConstants, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from './args';

/** mkdir -p one level at a time: Node's recursive mkdir never returns on some paths (/proc/x). */
function makeDirs(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirs(parent);
  mkdirSync(dir);
}

/** Creates `dir` (and its parents) or checks it; a path naming a file is a usage error, before any work. */
export function ensureWritableDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`output directory "${dir}" is an existing file, not a directory; give a directory path`);
  try {
    makeDirs(dir);
    accessSync(dir, fsConstants.W_OK);
  } catch (e) {
    throw new UsageError(`cannot write to output directory "${dir}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
