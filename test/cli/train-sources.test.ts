/**
 * What `npm run train` trains besides presets: a bare model spec (--spec), a project file saved from
 * the app (--project, checked to be the app's own format by the app's parser), each override
 * (--lr, --optimizer, --batch, --epochs, --seed), and one clear line with exit 2 for every bad
 * file or option; -h works like --help for every command.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProjectFile } from '../../src/ui/project/file';
import { runCli, tmp } from './spawn-cli';

const SPEC = 'test/fixtures/cli/xor-mlp.model.json';
const PROJECT = 'test/fixtures/cli/circles.playground.json';
const readLog = (dir: string) => JSON.parse(readFileSync(join(dir, 'log.json'), 'utf8'));

describe('npm run train --spec / --project / overrides', () => {
  it('--spec trains a model spec on a named dataset and keeps it as spec.json', () => {
    const out = tmp('spec-');
    const r = runCli('train', '--spec', SPEC, '--dataset', 'xor', '--epochs', '1', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^XOR 2-8-2 on xor: 900 train \/ 100 validation \/ 500 test samples$/m);
    const log = readLog(out);
    expect(log.source).toEqual({ kind: 'spec', id: SPEC, title: 'XOR 2-8-2' });
    expect(log.preset).toBeNull();
    expect(log.settings).toMatchObject({ epochs: 1, batchSize: 32, seed: 1, validationSplit: 0.1, optimizer: { type: 'adam', lr: 0.02 } });
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(SPEC, 'utf8')));
  });

  it('--project trains the app\'s project: its model, dataset and settings (schedule included)', () => {
    const parsed = parseProjectFile(readFileSync(PROJECT, 'utf8'));
    expect(parsed.ok).toBe(true); // the fixture is a file the app itself opens
    const out = tmp('project-');
    const r = runCli('train', '--project', PROJECT, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Circles from the app on circles: 800 train \/ 200 validation \/ 500 test samples$/m);
    expect(r.out.match(/^epoch +\d\/2 /gm)).toHaveLength(2);
    const log = readLog(out);
    expect(log.settings).toMatchObject({ epochs: 2, batchSize: 16, seed: 3, validationSplit: 0.2, schedule: { kind: 'step', dropEvery: 1, factor: 0.5 }, optimizer: { type: 'sgd', lr: 0.05 } });
    // The step schedule halves the rate each epoch; 800 rows at batch 16 are 50 steps.
    expect(log.epochs.map((e: { learning_rate: number }) => e.learning_rate)).toEqual([0.05, 0.025]);
    expect(log.epochs[0].steps).toBe(50);
  });

  it('each override lands in the run: --optimizer, --lr, --batch, --epochs, --seed', () => {
    const out = tmp('over-');
    const r = runCli('train', '--project', PROJECT, '--optimizer', 'adam', '--lr', '0.003', '--batch', '40', '--epochs', '1', '--seed', '9', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/; batch 40$/m);
    const log = readLog(out);
    expect(log.settings).toMatchObject({ epochs: 1, batchSize: 40, seed: 9, optimizer: { type: 'adam', lr: 0.003 } });
    expect(log.epochs).toHaveLength(1);
    expect(log.epochs[0].steps).toBe(20); // 800 / 40
    expect(log.epochs[0].learning_rate).toBe(0.003);
    expect(JSON.parse(readFileSync(join(out, 'spec.json'), 'utf8')).optimizer).toEqual({ type: 'adam', lr: 0.003 });
    // Another seed draws other weights: a different first loss than the project's own seed.
    const same = tmp('over-seed-');
    runCli('train', '--project', PROJECT, '--optimizer', 'adam', '--lr', '0.003', '--batch', '40', '--epochs', '1', '--out', same);
    expect(readLog(same).epochs[0].loss).not.toBe(log.epochs[0].loss);
  });

  it('refuses bad specs, projects and overrides with one line and exit 2', () => {
    const dir = tmp('bad-src-');
    const spec = JSON.parse(readFileSync(SPEC, 'utf8'));
    const write = (name: string, v: unknown) => {
      const p = join(dir, name);
      writeFileSync(p, typeof v === 'string' ? v : JSON.stringify(v));
      return p;
    };
    const badLayer = write('bad-layer.json', { ...spec, layers: [spec.layers[0], { ...spec.layers[1], units: -3 }, spec.layers[2]] });
    const badLoss = write('bad-loss.json', { ...spec, loss: 'categorical_hinge' });
    const notJson = write('not.json', '{"format": ');
    const project = JSON.parse(readFileSync(PROJECT, 'utf8'));
    const badSettings = write('settings.playground.json', { ...project, project: { ...project.project, settings: { ...project.project.settings, batchSize: 0 } } });
    const badVersion = write('v9.playground.json', { ...project, version: 9 });
    const upload = write('upload.playground.json', { ...project, project: { ...project.project, dataset: 'upload:abc-123' } });
    const cases: [string[], RegExp][] = [
      [['--spec', badLayer, '--dataset', 'xor'], /bad-layer\.json is not a valid model: layer "dense"/],
      [['--spec', badLoss, '--dataset', 'xor'], /bad-loss\.json is not a valid model: .*unknown loss "categorical_hinge"/],
      [['--spec', notJson, '--dataset', 'xor'], /not\.json is not valid JSON/],
      [['--spec', join(dir, 'missing.json'), '--dataset', 'xor'], /--spec: cannot read .*missing\.json: ENOENT/],
      [['--spec', SPEC], /--spec trains on a dataset you name: give --dataset D/],
      [['--spec', SPEC, '--preset', 'regression'], /give one of --preset, --spec, --project, not --preset and --spec/],
      [['--project', badSettings], /settings\.playground\.json: the project is invalid: settings\.batchSize must be a whole number from 1 to 4096/],
      [['--project', badVersion], /project file version 9; this CLI reads version 1/],
      [['--project', SPEC], /is not a playground project file/],
      [['--project', upload], /the project trains on a file uploaded in the app \(upload:abc-123\); give that file with --data FILE/],
      [['--project', PROJECT, '--optimizer', 'adamw2'], /--optimizer must be one of .*adam.*, got "adamw2"/],
      [['--project', PROJECT, '--lr', '0'], /--lr must be a positive number, got "0"/],
      [['--project', PROJECT, '--task', 'ranking', '--data', SPEC], /--task must be one of classification, regression/],
    ];
    for (const [args, re] of cases) {
      const r = runCli('train', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.err, args.join(' ')).toMatch(re);
    }
  });

  it('-h works like --help for every command', () => {
    for (const cmd of ['train', 'export', 'predict', 'evaluate'] as const) {
      const short = runCli(cmd, '-h');
      const long = runCli(cmd, '--help');
      expect(short.code, cmd).toBe(0);
      expect(short.out, cmd).toBe(long.out);
      expect(short.out, cmd).toMatch(/^Usage: npm run /m);
    }
    const train = runCli('train', '-h').out;
    for (const flag of ['--spec FILE', '--project FILE', '--resume RUN', '--optimizer O', '--labels', '--label-column', 'metrics.csv', 'tensorboard']) expect(train).toContain(flag);
  });
});
