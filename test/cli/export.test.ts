/**
 * `npm run export`: a real training run directory exported to each of our formats (files that
 * load: PyTorch strict load, int8 accuracy printed, a bundle with the run's own training split),
 * and every mistake (bad options, missing files, corrupt or mismatched weights) reported clearly.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cliArgs, type CliCommand } from './spawn-cli';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMixedSafetensors, decodeSafetensors } from '../../src/io/safetensors';
import { runPython } from '../helpers/python';
import { parseTokenizer } from '../../src/io/tokenizer-json';

function cli(command: CliCommand, ...args: string[]) {
  const r = spawnSync(process.execPath, [...cliArgs(command), ...args], { encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr.split('\n').filter((l) => l.length > 0).join('\n') };
}
const exportCli = (...args: string[]) => cli('export', ...args);

describe('npm run export', () => {
  const run = mkdtempSync(join(tmpdir(), 'run-'));
  const trained = cli('train', '--preset', 'spiral-mlp', '--epochs', '2', '--out', run);

  it('exports safetensors + model.py that PyTorch loads strictly, with the run\'s weights', () => {
    expect(trained.code).toBe(0);
    const out = join(run, 'st');
    const r = exportCli('--run', run, '--format', 'safetensors', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/wrote weights.safetensors, model.py to /);
    const a = decodeSafetensors(new Uint8Array(readFileSync(join(run, 'weights.safetensors'))));
    const b = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'weights.safetensors'))));
    for (const [name, t] of a.tensors) expect(Array.from(b.tensors.get(name)!.data)).toEqual(Array.from(t.data));
    // The run folder's classes.json (the dataset's class names) travels into the export's metadata.
    const classes = JSON.parse(readFileSync(join(run, 'classes.json'), 'utf8'));
    expect(classes).toEqual({ format: 'webgpu-playground-classes', version: 1, class_names: classes.class_names });
    expect(classes.class_names).toHaveLength(2);
    expect(JSON.parse(a.metadata.class_names)).toEqual(classes.class_names);
    expect(JSON.parse(b.metadata.class_names)).toEqual(classes.class_names);
    const x = new Float32Array([0.1, -0.3, 0.5, 0.2]);
    writeFileSync(join(out, 'x.bin'), new Uint8Array(x.buffer));
    const p = runPython<{ shape: number[] }>('test/export/py/torch_predict.py', { dir: out, inputs: [{ path: join(out, 'x.bin'), shape: [2, 2], dtype: 'float32' }], out: join(out, 'p.bin') });
    expect(p.shape).toEqual([2, 2]);
  }, 300_000);

  it('reads a run written before spec.json (its spec in model.json)', () => {
    expect(readdirSync(run).filter((f) => f.endsWith('.json')).sort()).toEqual(['classes.json', 'log.json', 'spec.json']);
    const old = mkdtempSync(join(tmpdir(), 'run-old-'));
    cpSync(run, old, { recursive: true });
    renameSync(join(old, 'spec.json'), join(old, 'model.json'));
    const r = exportCli('--run', old, '--format', 'safetensors', '--out', join(old, 'st'));
    expect(r.code, r.err).toBe(0);
    const a = decodeSafetensors(new Uint8Array(readFileSync(join(run, 'weights.safetensors'))));
    const b = decodeSafetensors(new Uint8Array(readFileSync(join(old, 'st', 'weights.safetensors'))));
    for (const [name, t] of a.tensors) expect(Array.from(b.tensors.get(name)!.data)).toEqual(Array.from(t.data));
  }, 300_000);

  it('int8: prints float and int8 test accuracy and writes I8 weights with scales', () => {
    const out = join(run, 'q');
    const r = exportCli('--run', run, '--format', 'int8', '--out', out);
    expect(r.code, r.err).toBe(0);
    const m = r.out.match(/test accuracy: float (\d\.\d+), int8 (\d\.\d+) \((\d+) samples\)/);
    expect(m).not.toBeNull();
    expect(Math.abs(Number(m![1]) - Number(m![2]))).toBeLessThanOrEqual(0.02);
    const q = decodeMixedSafetensors(new Uint8Array(readFileSync(join(out, 'weights-int8.safetensors'))));
    expect(q.tensors.get('dense.weight')!.dtype).toBe('I8');
    expect(q.tensors.get('dense.weight.scale')!.shape).toEqual([16]);
    expect(q.tensors.get('dense.bias')!.dtype).toBe('F32');
  }, 300_000);

  it('pytorch-bundle: regenerates the run\'s own training split from log.json', () => {
    const out = join(run, 'bundle');
    const r = exportCli('--run', run, '--format', 'pytorch-bundle', '--out', out);
    expect(r.code, r.err).toBe(0);
    for (const f of ['model.py', 'weights.safetensors', 'optimizer.safetensors', 'train.py', 'train.json', 'data.safetensors', 'README.md']) expect(existsSync(join(out, f)), f).toBe(true);
    const log = JSON.parse(readFileSync(join(run, 'log.json'), 'utf8'));
    const cfg = JSON.parse(readFileSync(join(out, 'train.json'), 'utf8'));
    // The run saved its optimizer (Adam m and v for each of the 6 weights) after 2 epochs of steps.
    const state = decodeSafetensors(new Uint8Array(readFileSync(join(run, 'optimizer-state.safetensors'))));
    const steps = Number(state.metadata.step);
    expect(steps).toBeGreaterThan(0);
    expect(cfg.step).toBe(steps);
    const opt = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'optimizer.safetensors'))));
    expect([...opt.tensors.keys()].filter((k) => k.startsWith('m.')).sort()).toEqual(['m.dense.bias', 'm.dense.weight', 'm.dense_1.bias', 'm.dense_1.weight', 'm.dense_2.bias', 'm.dense_2.weight']);
    expect(opt.tensors.size).toBe(12);
    // A state file that does not fit the model is refused by name.
    const bad = mkdtempSync(join(tmpdir(), 'run-bad-'));
    cpSync(run, bad, { recursive: true });
    writeFileSync(join(bad, 'optimizer-state.safetensors'), readFileSync(join(run, 'weights.safetensors')));
    const refused = exportCli('--run', bad, '--format', 'pytorch-bundle', '--out', join(bad, 'bundle'));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/optimizer-state\.safetensors: the optimizer state holds \[dense\.bias, .*\], but adam keeps \[m, v\]/);
    expect(cfg.optimizer).toEqual({ type: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false });
    expect(cfg.lastLoss).toBe(log.epochs[1].loss);
    const data = decodeSafetensors(new Uint8Array(readFileSync(join(out, 'data.safetensors'))));
    const samplesPerEpoch = Math.round(log.epochs[0].samples_per_sec * log.epochs[0].seconds);
    expect(data.tensors.get('x_train')!.shape[1]).toBe(2);
    expect(Math.abs(data.tensors.get('x_train')!.shape[0] - samplesPerEpoch)).toBeLessThanOrEqual(1);
  }, 300_000);

  it('rejects bad options, missing files, corrupt and mismatched weights with a clear message', () => {
    const corrupt = mkdtempSync(join(tmpdir(), 'bad-'));
    cpSync(run, corrupt, { recursive: true });
    const w = readFileSync(join(corrupt, 'weights.safetensors'));
    writeFileSync(join(corrupt, 'weights.safetensors'), w.subarray(0, w.length - 10));
    const mismatch = mkdtempSync(join(tmpdir(), 'mm-'));
    cpSync(run, mismatch, { recursive: true });
    const spec = JSON.parse(readFileSync(join(mismatch, 'spec.json'), 'utf8'));
    spec.layers[1].units = 12;
    writeFileSync(join(mismatch, 'spec.json'), JSON.stringify(spec));
    const empty = mkdtempSync(join(tmpdir(), 'empty-'));
    const cases: [string[], number, RegExp][] = [
      [['--format', 'safetensors', '--out', empty], 2, /missing --run DIR/],
      [['--run', run, '--out', empty], 2, /missing --format; one of: safetensors, int8, pytorch-bundle, tfjs, onnx, keras/],
      [['--run', run, '--format', 'pickle', '--out', empty], 2, /unknown format "pickle"/],
      [['--run', empty, '--format', 'onnx', '--out', empty], 2, /spec.json does not exist/],
      [['--run', corrupt, '--format', 'safetensors', '--out', empty], 1, /weights.safetensors is not usable: tensor "dense_2\.(weight|bias)": data_offsets \[\d+, \d+\] extend past the end of the data buffer/],
      [['--run', mismatch, '--format', 'safetensors', '--out', empty], 1, /the weights do not match the model "Spiral 2-16-16-2" \(\d+ problems\):\n {2}- "dense.weight": the file has shape \[16,2\], the model needs \[12,2\]/],
    ];
    for (const [args, code, re] of cases) {
      const r = exportCli(...args);
      expect(r.code, args.join(' ')).toBe(code);
      expect(r.err).toMatch(/^error: /);
      expect(r.err).toMatch(re);
    }
  }, 300_000);
});

describe('npm run export of a text model run', () => {
  const run = mkdtempSync(join(tmpdir(), 'run-text-'));
  const trained = cli('train', '--preset', 'bow-text', '--epochs', '1', '--train-limit', '64', '--out', run);

  it('the run folder holds tokenizer.json, which every export carries', () => {
    expect(trained.code, trained.err).toBe(0);
    const tok = parseTokenizer(JSON.parse(readFileSync(join(run, 'tokenizer.json'), 'utf8')));
    expect(tok.kind).toBe('bag-of-words');
    expect(tok.class_names).toHaveLength(10);
    expect(existsSync(join(run, 'classes.json'))).toBe(false);
    expect(JSON.parse(decodeSafetensors(new Uint8Array(readFileSync(join(run, 'weights.safetensors')))).metadata.tokenizer)).toEqual(tok);
    const st = exportCli('--run', run, '--format', 'safetensors', '--out', join(run, 'st'));
    expect(st.code, st.err).toBe(0);
    expect(st.out).toMatch(/wrote weights.safetensors, model.py, tokenizer.json to /);
    expect(JSON.parse(readFileSync(join(run, 'st', 'tokenizer.json'), 'utf8'))).toEqual(tok);
    expect(readFileSync(join(run, 'st', 'model.py'), 'utf8')).toMatch(/def predict_text\(self, text, tokenizer=None\):/);
    const tf = exportCli('--run', run, '--format', 'tfjs', '--out', join(run, 'tf'));
    expect(tf.code, tf.err).toBe(0);
    const meta = JSON.parse(readFileSync(join(run, 'tf', 'model.json'), 'utf8')).userDefinedMetadata;
    expect(meta.tokenizer).toEqual(tok);
    expect(meta.class_names).toEqual(tok.class_names);
    // A damaged tokenizer.json is refused by field, not exported.
    const bad = mkdtempSync(join(tmpdir(), 'run-text-bad-'));
    cpSync(run, bad, { recursive: true });
    writeFileSync(join(bad, 'tokenizer.json'), JSON.stringify({ ...tok, sequence_length: 5 }));
    const r = exportCli('--run', bad, '--format', 'onnx', '--out', join(bad, 'o'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tokenizer.json is not usable: sequence_length must be null for kind "bag-of-words", got 5/);
  }, 600_000);
});
