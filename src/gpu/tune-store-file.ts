/**
 * The autotuner's store under Node (CLI, bench): one JSON file, by default
 * `$XDG_CACHE_HOME/gradient-bench/autotune.json` (else `~/.cache/...`), or `$GRADIENT_TUNE_FILE`.
 * The file is untrusted: over 1 MiB, not JSON, or not what `tuneRecord` accepts, it reads as
 * empty, so a damaged file costs one re-tune, never a wrong or failed run.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { boundedRecord, tuneRecord, type TuneStore } from './autotune';

const MAX_BYTES = 1 << 20;

export function defaultTuneFile(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GRADIENT_TUNE_FILE) return env.GRADIENT_TUNE_FILE;
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'gradient-bench', 'autotune.json');
}

/** The entries of a file's text, or {} when it is too long, not JSON, or not a record tuneRecord accepts. */
export function parseTuneFile(text: string): Record<string, string> {
  if (text.length > MAX_BYTES) return {};
  try {
    return tuneRecord(JSON.parse(text));
  } catch {
    return {};
  }
}

export class FileTuneStore implements TuneStore {
  constructor(readonly file: string = defaultTuneFile()) {}

  async load(): Promise<Record<string, string>> {
    try {
      return parseTuneFile(await readFile(this.file, 'utf8'));
    } catch {
      return {};
    }
  }

  /** Writes a temporary file and renames it over the old one (a crash never leaves half a file). */
  async save(entries: Record<string, string>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(boundedRecord(entries), null, 1));
    await rename(tmp, this.file);
  }
}
