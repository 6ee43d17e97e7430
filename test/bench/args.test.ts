import { describe, expect, it } from 'vitest';
import { parseBenchArgs, UsageError } from '../../bench/args';

describe('npm run bench options (node:util parseArgs)', () => {
  it('never takes an option as the value of the one before it', () => {
    expect(() => parseBenchArgs(['--only', '--quick'], '/r')).toThrow(UsageError);
    expect(() => parseBenchArgs(['--trials', '--quick'], '/r')).toThrow(UsageError);
  });

  it('reads values, repeats and defaults', () => {
    const o = parseBenchArgs(['--quick', '--only', 'mlp-100,cnn', '--only=matmul', '--impls', 'ours,tfjs-cpu', '--port', '5173'], '/r');
    expect(o.quick).toBe(true);
    expect(o.trials).toBe(2);
    expect(o.only).toEqual(['mlp-100', 'cnn', 'matmul']);
    expect(o.impls).toEqual(['ours', 'tfjs-cpu']);
    expect(o.port).toBe(5199); // the dev server's port is never taken
    expect(o.out).toBe('/r/bench/results.json');
    expect(parseBenchArgs(['-h'], '/r').help).toBe(true);
  });

  it('--node is a flag (off by default) and tfjs-wasm is an impl', () => {
    expect(parseBenchArgs(['--node', '--quick'], '/r').node).toBe(true);
    expect(parseBenchArgs([], '/r').node).toBe(false);
    expect(parseBenchArgs([], '/r').impls).toEqual(['ours', 'tfjs-webgpu', 'tfjs-wasm', 'tfjs-cpu']);
    expect(parseBenchArgs(['--impls', 'tfjs-wasm,ours'], '/r').impls).toEqual(['ours', 'tfjs-wasm']);
  });

  it('--profile takes a preset id (and is off by default)', () => {
    expect(parseBenchArgs(['--profile', 'mlp-100'], '/r').profile).toBe('mlp-100');
    expect(parseBenchArgs([], '/r').profile).toBeNull();
    expect(() => parseBenchArgs(['--profile', '--quick'], '/r')).toThrow(UsageError);
  });

  it('--steps-per-submit: auto (null: the trainer chooses) by default, or a count >= 1', () => {
    expect(parseBenchArgs([], '/r').stepsPerSubmit).toBeNull();
    expect(parseBenchArgs(['--steps-per-submit', 'auto'], '/r').stepsPerSubmit).toBeNull();
    expect(parseBenchArgs(['--steps-per-submit', '1'], '/r').stepsPerSubmit).toBe(1);
    expect(parseBenchArgs(['--steps-per-submit=16'], '/r').stepsPerSubmit).toBe(16);
    expect(() => parseBenchArgs(['--steps-per-submit', '0'], '/r')).toThrow('--steps-per-submit needs a number >= 1 (got 0)');
  });

  it('refuses unknown options and bad values with one line', () => {
    expect(() => parseBenchArgs(['--bogus'], '/r')).toThrow(/Unknown option '--bogus'/);
    expect(() => parseBenchArgs(['--trials', '0'], '/r')).toThrow('--trials needs a number >= 1 (got 0)');
    expect(() => parseBenchArgs(['--impls', 'ours,keras'], '/r')).toThrow('unknown impl keras');
  });
});
