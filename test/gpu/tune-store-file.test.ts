/**
 * The autotuner's file store and mode: a round trip through a file, junk and oversized files read
 * as empty, and GRADIENT_AUTOTUNE accepts only its three modes.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTuneFile, FileTuneStore, parseTuneFile } from '../../src/gpu/tune-store-file';
import { tuneRecord } from '../../src/gpu/autotune';
import { tuneModeFrom } from '../../src/cli/tuned-pipelines';

describe('the autotuner file store', () => {
  it('saves and loads winners, creating the folder', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tune-'));
    const store = new FileTuneStore(path.join(dir, 'deep', 'autotune.json'));
    expect(await store.load()).toEqual({});
    await store.save({ 'v1:a|dense_forward|M=1': 'vec4@4x4' });
    expect(await store.load()).toEqual({ 'v1:a|dense_forward|M=1': 'vec4@4x4' });
  });

  it('reads damaged or hostile files as empty, and drops bad entries', async () => {
    expect(parseTuneFile('{not json')).toEqual({});
    expect(parseTuneFile('[1,2]')).toEqual({});
    expect(parseTuneFile('null')).toEqual({});
    expect(parseTuneFile(JSON.stringify({ a: 'x'.repeat(2 << 20) }))).toEqual({});
    expect(parseTuneFile(JSON.stringify({ ok: 'vec4@8x8', n: 3, o: { x: 1 }, long: 'y'.repeat(100), '': 'v' }))).toEqual({ ok: 'vec4@8x8', '': 'v' });
    expect(tuneRecord(Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`k${i}`, 'v'])))).toEqual({});
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tune-'));
    const file = path.join(dir, 'autotune.json');
    await writeFile(file, '\u0000garbage');
    expect(await new FileTuneStore(file).load()).toEqual({});
  });

  it('finds its file from the environment', () => {
    expect(defaultTuneFile({ GRADIENT_TUNE_FILE: '/x/t.json' })).toBe('/x/t.json');
    expect(defaultTuneFile({ XDG_CACHE_HOME: '/c' })).toBe(path.join('/c', 'gradient-bench', 'autotune.json'));
  });

  it('GRADIENT_AUTOTUNE takes measure, cached or off', () => {
    expect(tuneModeFrom({})).toBe('measure');
    expect(tuneModeFrom({ GRADIENT_AUTOTUNE: ' OFF ' })).toBe('off');
    expect(tuneModeFrom({ GRADIENT_AUTOTUNE: 'cached' })).toBe('cached');
    expect(() => tuneModeFrom({ GRADIENT_AUTOTUNE: 'fast' })).toThrow(/GRADIENT_AUTOTUNE must be one of measure, cached, off \(got "fast"\)/);
  });
});
