/**
 * Shared harness of the fuzz suite (test/fuzz/*.fuzz.test.ts): a property-based check, with
 * fast-check, that a parser of outside input either returns a valid result or fails the way its
 * module documents (its own error class, or its `{ok: false, error}` result) with a real message,
 * never with another exception (TypeError, RangeError, a raw JSON SyntaxError...), within a time
 * budget per case and without allocating past a memory bound.
 *
 * Runs are seeded: each property's seed is a hash of its name (so adding a property moves no other
 * one), printed with the counterexample on failure. Environment:
 *   FUZZ_RUNS=n    cases per property (default: each property's own count, a few thousand in all)
 *   FUZZ_SEED=s    one seed for every property (to explore beyond the fixed ones)
 *   FUZZ_PATH=p    with FUZZ_SEED, replays the shrunk counterexample fast-check printed
 *   FUZZ_NO_DEEP=1 leaves out deeply nested JSON, to look past a known deep-nesting failure
 *
 * Time: a synchronous parser cannot be interrupted, so a case is timed and fails when it took over
 * the budget (an endless loop is then caught by vitest's test timeout); an asynchronous one is
 * also raced against the budget. Memory: the growth of `process.memoryUsage().arrayBuffers` while
 * the result is still held, and of the process's peak RSS (getrusage maxRSS, which sees transient
 * allocations too), must each stay under the bound.
 */
import fc from 'fast-check';

export { fc };

/** Error classes JavaScript itself throws: a parser must never let one of these escape. */
const BUILTIN_ERRORS: readonly (new (...a: never[]) => Error)[] = [TypeError, RangeError, SyntaxError, ReferenceError, URIError, EvalError];

/** Text of an internal failure wrapped into a documented error or result (a TypeError's message passed on). */
const INTERNAL_MESSAGE = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not a constructor|Maximum call stack|Invalid typed array length|Invalid array length|Array buffer allocation failed|Cannot convert (undefined|null|object) to|out of memory/i;

/** Says whether an error is one the parser documents; returns a description of what was expected. */
export interface ErrorContract {
  readonly describe: string;
  readonly accepts: (e: unknown) => boolean;
}

/** The parser throws one of these classes (a subclass counts). */
export function throwsOneOf(...classes: (abstract new (...a: never[]) => Error)[]): ErrorContract {
  return { describe: classes.map((c) => c.name).join(' or '), accepts: (e) => classes.some((c) => e instanceof c) };
}

/**
 * For modules whose error class is being introduced (data parsers): the named export of `mod`
 * when it exists, else any Error that is not one of JavaScript's own (TypeError, RangeError...).
 */
export function throwsOwnError(mod: Record<string, unknown>, className: string): ErrorContract {
  const cls = mod[className];
  if (typeof cls === 'function') return throwsOneOf(cls as new () => Error);
  return {
    describe: `a plain Error (the module has no ${className} yet)`,
    accepts: (e) => e instanceof Error && !BUILTIN_ERRORS.some((c) => e instanceof c),
  };
}

/** The parser never throws (it returns its documented error result instead). */
export const neverThrows: ErrorContract = { describe: 'nothing (it returns its errors)', accepts: () => false };

export interface FuzzOptions<I, R> {
  /** Cases in `npm test` (FUZZ_RUNS overrides). */
  readonly runs: number;
  readonly errors: ErrorContract;
  /** Checks a returned value; throws (an assertion) when it is not a valid result. */
  readonly check?: (result: R, input: I) => void;
  /** Per-case time budget (ms). */
  readonly timeMs?: number;
  /** Per-case memory bound (bytes). */
  readonly memBytes?: number;
  /** Describes an input for the failure message (default: fast-check's own printing). */
  readonly show?: (input: I) => string;
  /**
   * The generator must produce both accepted and rejected inputs (default true): a property whose
   * every case is rejected tests only the first check of the parser.
   */
  readonly bothOutcomes?: boolean;
  /** For parsers that return their errors: whether a result is an accepted input (default: any return is). */
  readonly accepted?: (result: R) => boolean;
}

/** What the cases of one property did. */
interface Stats {
  accepted: number;
  rejected: number;
  slowestMs: number;
}

export const DEFAULT_TIME_MS = 2000;
export const DEFAULT_MEM_BYTES = 256 * 1024 * 1024;

/** A stable 31-bit seed from a property's name. */
export function seedOf(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 0) & 0x7fffffff;
}

/** Cases for a property: its own count, or FUZZ_RUNS when set. */
export function runsFor(base: number): number {
  const env = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(env) && env > 0 ? env : base;
}

const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

class Timeout extends Error {}

function timeout(ms: number): { promise: Promise<never>; cancel: () => void } {
  let id: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => {
    id = setTimeout(() => reject(new Timeout()), ms);
  });
  return { promise, cancel: () => clearTimeout(id) };
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.constructor.name}: ${e.message.slice(0, 300)}${e.stack ? `\n    ${e.stack.split('\n').slice(1, 4).join('\n    ')}` : ''}`;
  return `a thrown non-Error ${typeof e}: ${String(e).slice(0, 200)}`;
}

/** Throws when a documented error message is empty or is an internal failure's text. */
export function checkMessage(message: unknown, what: string): void {
  if (typeof message !== 'string' || message.trim() === '') throw new Error(`${what} has an empty message`);
  const m = INTERNAL_MESSAGE.exec(message);
  if (m) throw new Error(`${what} passes on an internal failure ("${m[0]}"): ${message.slice(0, 300)}`);
}

/** One case: run the target, apply the contract, the budgets and the result check. */
async function runCase<I, R>(target: (input: I) => R | Promise<R>, input: I, o: FuzzOptions<I, R>, stats: Stats): Promise<void> {
  const timeMs = o.timeMs ?? DEFAULT_TIME_MS;
  const memBytes = o.memBytes ?? DEFAULT_MEM_BYTES;
  const ab0 = process.memoryUsage().arrayBuffers;
  const rss0 = peakRss();
  const t0 = performance.now();
  let result: R | undefined;
  let thrown: unknown;
  let threw = false;
  const t = timeout(timeMs);
  try {
    result = await Promise.race([Promise.resolve().then(() => target(input)), t.promise]);
  } catch (e) {
    threw = true;
    thrown = e;
  } finally {
    t.cancel();
  }
  const ms = performance.now() - t0;
  stats.slowestMs = Math.max(stats.slowestMs, ms);
  if (thrown instanceof Timeout) throw new Error(`hang: no answer within ${timeMs} ms`);
  if (ms > timeMs) throw new Error(`too slow: ${ms.toFixed(0)} ms, over the ${timeMs} ms budget`);
  const grew = process.memoryUsage().arrayBuffers - ab0;
  const peak = peakRss() - rss0;
  if (grew > memBytes) throw new Error(`memory: ${(grew / 2 ** 20).toFixed(0)} MiB of ArrayBuffers held, over the ${(memBytes / 2 ** 20).toFixed(0)} MiB bound`);
  if (peak > memBytes) throw new Error(`memory: peak RSS rose by ${(peak / 2 ** 20).toFixed(0)} MiB, over the ${(memBytes / 2 ** 20).toFixed(0)} MiB bound`);
  if (threw) {
    if (!o.errors.accepts(thrown)) throw new Error(`threw ${describeError(thrown)}\n  (expected ${o.errors.describe})`);
    checkMessage((thrown as Error).message, `its ${(thrown as Error).constructor.name}`);
    stats.rejected++;
    return;
  }
  o.check?.(result as R, input);
  if (o.accepted && !o.accepted(result as R)) stats.rejected++;
  else stats.accepted++;
}

/**
 * Asserts the property over `arb` (seeded by `name`); use as the body of an `it`. On failure the
 * message names the property, its seed and how to replay it.
 */
export async function fuzz<I, R>(name: string, arb: fc.Arbitrary<I>, target: (input: I) => R | Promise<R>, o: FuzzOptions<I, R>): Promise<void> {
  const envSeed = process.env.FUZZ_SEED;
  const seed = envSeed !== undefined && envSeed !== '' ? Number(envSeed) : seedOf(name);
  const path = envSeed ? process.env.FUZZ_PATH : undefined;
  const numRuns = runsFor(o.runs);
  const stats: Stats = { accepted: 0, rejected: 0, slowestMs: 0 };
  const prop = fc.asyncProperty(arb, (input) => runCase(target, input, o, stats));
  const details = await fc.check(prop, { seed, numRuns, ...(path ? { path } : {}), endOnFailure: false });
  if (process.env.FUZZ_STATS) console.log(`fuzz ${name}: ${details.numRuns} cases, ${stats.accepted} accepted, ${stats.rejected} rejected, slowest ${stats.slowestMs.toFixed(1)} ms`);
  if (!details.failed) {
    if ((o.bothOutcomes ?? true) && !path && numRuns >= 100 && (stats.accepted === 0 || stats.rejected === 0)) {
      throw new Error(`fuzz property "${name}": all ${numRuns} cases were ${stats.accepted ? 'accepted' : 'rejected'}; the generator does not reach both outcomes`);
    }
    return;
  }
  const input = details.counterexample?.[0] as I | undefined;
  let shown: string;
  try {
    shown = input === undefined ? '(none)' : o.show ? o.show(input) : fc.stringify(input).slice(0, 4000);
  } catch (e) {
    shown = `(cannot print it: ${e instanceof Error ? e.message : String(e)})`;
  }
  const why = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `fuzz property "${name}" failed after ${details.numRuns} case(s) (seed ${seed}, path "${details.counterexamplePath}"; ` +
      `replay: FUZZ_SEED=${seed} FUZZ_PATH=${details.counterexamplePath})\n  counterexample: ${shown}\n  ${why}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Generators: structured mutations of valid inputs.

/** Numbers and strings that break naive parsers. */
export const HOSTILE_PRIMITIVES: readonly unknown[] = [
  null, true, false, 0, -0, -1, 1, 0.5, -0.5, 3, 1e308, -1e308, 1e39, 5e-324, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e21,
  '', ' ', '0', '-1', 'NaN', 'Infinity', '-Infinity', '1e400', 'null', 'true', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '\u0000', '\uFEFF', '\uD800', '9007199254740993', '1e20', ' 7 ', '0x10', 'x'.repeat(70_000), '../../etc/passwd', '<script>', 'float32', 'F32', 'Dense', 'Input',
];

/** Placeholder replaced by deeply nested JSON text after stringify (JSON.stringify itself would overflow). */
export const DEEP_MARKER = '@@fuzz-deep-nesting@@';
export const DEEP_JSON = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_PRIMITIVES) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>({}, [], [[]], [null], [-1], [1, 2, 3], { a: 1 }, [0, 2 ** 53 + 2], [2 ** 31, 2 ** 31], [1e308]) },
  ...(process.env.FUZZ_NO_DEEP ? [] : [{ weight: 1, arbitrary: fc.constant(DEEP_MARKER) }]),
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

export interface JsonEdit {
  /** Picks the path among all paths of the document (modulo their count). */
  readonly at: number;
  /** 0..5: replace, delete key/element, add key, wrap in array, duplicate into sibling, swap type to object; 6: replace a number (a dimension, a count...). */
  readonly op: number;
  readonly value: unknown;
  readonly key: string;
}

/** Numbers for op 6: sizes that pass a type check and then cost memory or time. */
export const BIG_NUMBERS: readonly number[] = [0, -1, 2, 1e5, 3e4, 4e4, 65_536, 1e6, 2 ** 24, 2 ** 26, 2 ** 28, 2 ** 31, 2 ** 32, 2 ** 53, 1e308, 0.5];

const KEYS = ['__proto__', 'constructor', 'prototype', '', 'layers', 'shape', 'dtype', 'inputs', 'type', 'id', 'weights', 'paths', 'config', 'name'];

/** One edit; `extra` adds values of the format's own vocabulary (class names, dtype names...). */
export function jsonEdit(extra: readonly unknown[] = []): fc.Arbitrary<JsonEdit> {
  const value = extra.length ? fc.oneof({ weight: 3, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constantFrom(...extra) }) : hostileValue;
  const extraKeys = extra.filter((v): v is string => typeof v === 'string' && v.length < 40);
  return fc.record({
    at: fc.nat(),
    op: fc.nat({ max: 6 }),
    value: fc.oneof(value, fc.constantFrom(...BIG_NUMBERS)),
    key: fc.oneof(fc.constantFrom(...KEYS, ...extraKeys), fc.string({ maxLength: 6 })),
  });
}

export const jsonEdits = (max = 3, extra: readonly unknown[] = []): fc.Arbitrary<JsonEdit[]> => fc.array(jsonEdit(extra), { minLength: 1, maxLength: max });

type Path = (string | number)[];

function paths(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...at, k], out);
  return out;
}

/** Sets an own property (safe for "__proto__"). */
function setOwn(o: Record<string | number, unknown>, k: string | number, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function get(root: unknown, p: Path): unknown {
  let v = root;
  for (const k of p) v = (v as Record<string | number, unknown>)[k];
  return v;
}

/** A deep copy of `doc` with the edits applied (the root itself can be replaced too). */
export function applyJsonEdits(doc: unknown, edits: readonly JsonEdit[]): unknown {
  let root = structuredClone(doc);
  for (const e of edits) {
    let all = paths(root);
    if (e.op === 6) {
      const numbers = all.filter((p) => typeof get(root, p) === 'number');
      if (numbers.length) all = numbers;
    }
    const p = all[e.at % all.length];
    const value = structuredClone(e.value);
    if (p.length === 0) {
      if (e.op === 3) root = [root];
      else if (e.op === 0) root = value;
      else if (root !== null && typeof root === 'object' && !Array.isArray(root)) setOwn(root as Record<string, unknown>, e.key, value);
      continue;
    }
    const parent = get(root, p.slice(0, -1)) as Record<string | number, unknown>;
    const k = p[p.length - 1];
    const current = parent[k];
    switch (e.op) {
      case 0:
      case 6:
        setOwn(parent, k, value);
        break;
      case 1:
        if (Array.isArray(parent)) parent.splice(k as number, 1);
        else delete parent[k];
        break;
      case 2:
        if (current !== null && typeof current === 'object' && !Array.isArray(current)) setOwn(current as Record<string, unknown>, e.key, value);
        else if (Array.isArray(current)) current.push(value);
        else setOwn(parent, k, value);
        break;
      case 3:
        setOwn(parent, k, [current]);
        break;
      case 4:
        if (Array.isArray(parent)) parent.push(structuredClone(current));
        else setOwn(parent, `${String(k)}_copy`, structuredClone(current));
        break;
      default:
        setOwn(parent, k, Array.isArray(current) ? Object.fromEntries(current.map((x, i) => [String(i), x])) : { value: current });
    }
  }
  return root;
}

/** JSON text of a (mutated) document, with DEEP_MARKER strings turned into deeply nested arrays. */
export function jsonText(v: unknown, indent?: number): string {
  const s = JSON.stringify(v, null, indent) ?? 'null';
  return s.includes(DEEP_MARKER) ? s.split(JSON.stringify(DEEP_MARKER)).join(DEEP_JSON) : s;
}

export interface ByteEdit {
  readonly op: number;
  readonly at: number;
  readonly byte: number;
  readonly len: number;
}

export const byteEdit: fc.Arbitrary<ByteEdit> = fc.record({
  op: fc.nat({ max: 5 }),
  at: fc.nat(),
  byte: fc.oneof(fc.constantFrom(0x00, 0xff, 0x7f, 0x80, 0x22, 0x5c, 0x2c, 0x0a, 0x0d, 0x7b, 0x7d, 0x5b, 0x5d, 0x30, 0x2d, 0xef, 0xc0), fc.nat({ max: 255 })),
  len: fc.integer({ min: 1, max: 64 }),
});

export const byteEdits = (max = 4): fc.Arbitrary<ByteEdit[]> => fc.array(byteEdit, { minLength: 1, maxLength: max });

/** `bytes` with flips, overwrites, insertions, deletions, truncation or duplication applied. */
export function applyByteEdits(bytes: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  let b = Uint8Array.from(bytes);
  for (const e of edits) {
    const at = b.length === 0 ? 0 : e.at % (b.length + 1);
    switch (e.op) {
      case 0: // flip a bit
        if (b.length) b[at % b.length] ^= 1 << (e.byte & 7);
        break;
      case 1: // overwrite a run
        b.fill(e.byte, at, Math.min(b.length, at + e.len));
        break;
      case 2: {
        // insert a run
        const out = new Uint8Array(b.length + e.len);
        out.set(b.subarray(0, at));
        out.fill(e.byte, at, at + e.len);
        out.set(b.subarray(at), at + e.len);
        b = out;
        break;
      }
      case 3: // delete a run
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + e.len))]);
        break;
      case 4: // truncate
        b = b.slice(0, at);
        break;
      default: {
        // duplicate a run at the end (trailing bytes)
        const run = b.subarray(at, at + e.len);
        const out = new Uint8Array(b.length + run.length);
        out.set(b);
        out.set(run, b.length);
        b = out;
      }
    }
  }
  return b;
}

/** A short description of bytes for failure messages. */
export function showBytes(b: Uint8Array, max = 160): string {
  const hex = Array.from(b.subarray(0, max), (x) => x.toString(16).padStart(2, '0')).join(' ');
  return `${b.length} bytes: ${hex}${b.length > max ? ' ...' : ''}`;
}
