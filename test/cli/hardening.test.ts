/**
 * CLI hardening: --out naming a file is a usage error before any work; a model too large for the
 * GPU exits 2 before training; every epoch leaves an atomic checkpoint and a diverging run keeps
 * the last finite one (exit 1); export refuses NaN weights or optimizer state, an oversized spec and
 * a corrupt log.json with exit 2 and a message naming the file and tensor.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cliArgs, type CliCommand } from './spawn-cli';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors';

function cli(command: CliCommand, ...args: string[]) {
  const r = spawnSync(process.execPath, [...cliArgs(command), ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l.startsWith('error:') && !l.includes('XDG_RUNTIME_DIR')).join('\n') };
}
const train = (...args: string[]) => cli('train', ...args);
const exportCli = (...args: string[]) => cli('export', ...args);
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

/** A copy of `run` with one file replaced. */
function variant(run: string, file: string, data: Uint8Array | string): string {
  const dir = tmp('variant-');
  cpSync(run, dir, { recursive: true });
  writeFileSync(join(dir, file), data);
  return dir;
}

describe('npm run train: output directory, size and checkpoints', () => {
  it('--out naming an existing file is a usage error before any training', () => {
    const file = join(tmp('f-'), 'a-file');
    writeFileSync(file, 'x');
    const r = train('--preset', 'regression', '--epochs', '1', '--out', file);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: output directory "${file}" is an existing file, not a directory; give a directory path`);
    expect(r.out).not.toMatch(/epoch/);
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('a batch too large for the GPU exits 2 before training, naming the buffer and the limits', () => {
    const out = tmp('big-');
    const r = train('--preset', 'mlp-100', '--batch', '100000000', '--epochs', '1', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: the model is too large for this GPU: the layer "input" activations \(batch 100000000 x \[100\]\) need [\d.]+ GiB in one buffer .*maxBufferSize [\d.]+ MiB, maxStorageBufferBindingSize [\d.]+ MiB/);
    expect(r.out).not.toMatch(/epoch/);
    expect(readdirSync(out)).toEqual([]);
  }, 120_000);

  it('a run whose loss diverges in epoch 2 keeps epoch 1\'s finite checkpoint and exits 1', () => {
    const out = join(tmp('div-'), 'run');
    // One SGD step per epoch at lr 1e15: epoch 1's loss is finite, its step sends the weights to ~1e15, epoch 2 overflows.
    const r = train('--preset', 'regression', '--lr', '1e15', '--epochs', '3', '--train-limit', '40', '--batch', '64', '--out', out);
    expect(r.code).toBe(1);
    expect(r.out.match(/^epoch +\d+\/3/gm)).toEqual(['epoch   1/3']);
    expect(r.err).toBe(`error: training diverged at epoch 2: the loss is Infinity; kept the weights from epoch 1 in ${join(out, 'weights.safetensors')}. Lower the learning rate`);
    expect(readdirSync(out).sort()).toEqual(['log.json', 'metrics.csv', 'optimizer-state.safetensors', 'spec.json', 'tensorboard', 'weights.safetensors']);
    expect(readFileSync(join(out, 'metrics.csv'), 'utf8').trim().split('\r\n')).toHaveLength(2); // the header and epoch 1
    const w = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'weights.safetensors'))));
    const values = [...w.tensors.values()].flatMap((t) => Array.from(t.data));
    expect(values).toHaveLength(41);
    expect(values.every(Number.isFinite)).toBe(true);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(1e10); // after epoch 1's huge step, not the initial weights
    const state = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'optimizer-state.safetensors'))));
    expect(state.metadata.step).toBe('1');
    const log = JSON.parse(readFileSync(join(out, 'log.json'), 'utf8'));
    expect(log.epochs).toHaveLength(1);
    expect(log.diverged).toEqual({ epoch: 2, loss: 'Infinity' });
    expect(log.keptEpoch).toBe(1);
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')).optimizer).toEqual({ type: 'sgd', lr: 1e15 });
  }, 120_000);
});

describe('npm run export: untrusted run directories', () => {
  const run = tmp('run-');
  const trained = train('--preset', 'spiral-mlp', '--epochs', '1', '--out', run);

  it('a finished run leaves only its files (no temporary names) and exports', () => {
    expect(trained.code, trained.err).toBe(0);
    expect(readdirSync(run).sort()).toEqual(['classes.json', 'log.json', 'metrics.csv', 'optimizer-state.safetensors', 'spec.json', 'tensorboard', 'weights.safetensors']);
    expect(JSON.parse(readFileSync(join(run, 'log.json'), 'utf8')).test.count).toBeGreaterThan(0);
  });

  it('refuses NaN weights with exit 2, naming each tensor and its count of non-finite values', () => {
    const w = decodeSafetensors(new Uint8Array(readFileSync(join(run, 'weights.safetensors'))));
    const tensors = [...w.tensors].map(([name, t]) => ({ name, shape: t.shape, data: name === 'dense.weight' ? t.data.map((v, i) => (i < 3 ? NaN : i === 5 ? Infinity : v)) : t.data }));
    const dir = variant(run, 'weights.safetensors', encodeSafetensors(tensors, { format: 'pt' }));
    const out = join(dir, 'tfjs');
    const r = exportCli('--run', dir, '--format', 'tfjs', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${join(dir, 'weights.safetensors')} holds non-finite values: "dense.weight" has 4 of 32 values NaN or infinite (first at index 0)`);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('refuses a non-finite optimizer state handed to the PyTorch bundle', () => {
    const s = decodeSafetensors(new Uint8Array(readFileSync(join(run, 'optimizer-state.safetensors'))));
    const tensors = [...s.tensors].map(([name, t]) => ({ name, shape: t.shape, data: name === 'v' ? t.data.map((v, i) => (i === 7 ? NaN : v)) : t.data }));
    const dir = variant(run, 'optimizer-state.safetensors', encodeSafetensors(tensors, s.metadata));
    const r = exportCli('--run', dir, '--format', 'pytorch-bundle', '--out', join(dir, 'b'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${join(dir, 'optimizer-state.safetensors')}: the optimizer state holds non-finite values: "v" has 1 of ${s.tensors.get('v')!.data.length} values NaN or infinite (first at index 7)`);
  }, 120_000);

  it('refuses a spec of Dense(1e9) with exit 2 before reading the weights', () => {
    const spec = JSON.parse(readFileSync(join(run, 'spec.json'), 'utf8'));
    spec.layers[1].units = 1e9;
    const dir = variant(run, 'spec.json', JSON.stringify(spec));
    const r = exportCli('--run', dir, '--format', 'safetensors', '--out', join(dir, 'st'));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${join(dir, 'spec.json')} is not a valid model: layer "dense_1" params: a parameter of shape [1000000000, 16] has 1.600e+10 elements, more than the 2147483647 a tensor may hold`);
  }, 120_000);

  it('a corrupt log.json is named', () => {
    const dir = variant(run, 'log.json', '{"preset": "spiral-mlp", "epochs": [');
    const r = exportCli('--run', dir, '--format', 'safetensors', '--out', join(dir, 'st'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^error: ${join(dir, 'log.json')} is not valid JSON: `));
  }, 120_000);
});
