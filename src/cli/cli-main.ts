/**
 * What every CLI entry point shares: option parsing where a mistake is one UsageError line,
 * -h as --help, and the exit codes (0 done, 2 a usage error: bad option, file or value, 1 anything
 * else), with the message on stderr as "error: ...".
 */
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './args';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs (strict) with `--help`/`-h` added; its errors become one-line UsageErrors. */
export function parseCli<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } } as O & { help: { type: 'boolean'; short: 'h' } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\s*\n\s*/g, ' '));
  }
}

/** A JSON file given on the command line (or in a run directory); unreadable or not JSON is a UsageError naming it. */
export function readJsonFile(path: string, what = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
}

/** Runs `main` and exits with its status. */
export function runMain(main: (argv: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      process.stderr.write(`error: ${msg}\n`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
