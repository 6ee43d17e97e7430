/**
 * The projector view in the real worker session under Node: an Embedding's token rows labelled
 * with their words (and a character model's with its characters), coordinates that are the PCA
 * of the weights the trainer holds and that move after an epoch, the penultimate view's classes,
 * and a closed view that sends nothing.
 */
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/registry';
import { Vocabulary } from '../../src/data/tokenizer';
import { pca2 } from '../../src/engine/inspect/pca';
import { paramOffsets } from '../../src/engine/params';
import { findPreset } from '../../src/presets/presets';
import { tokenLabels } from '../../src/worker/inside/projector';
import type { ProjectorReport } from '../../src/worker/protocol-inside';
import type { FromWorker } from '../../src/worker/protocol';
import { startNodeSession } from '../helpers/node-session';

const isReport = (m: FromWorker): m is Extract<FromWorker, { type: 'projector' }> => m.type === 'projector';

describe('projector labels', () => {
  it('labels a character model with its characters, blanks made visible', async () => {
    const data = await loadDataset(findPreset('char-lm')!.dataset);
    const labels = tokenLabels(data.test, 96);
    const chars = data.test.classNames!;
    expect(labels[0]).toBe('\uFFFD');
    const space = chars.indexOf(' ');
    expect(space).toBeGreaterThan(0);
    expect(labels[space]).toBe('␣');
    const e = chars.indexOf('e');
    expect(labels[e]).toBe('e');
    // Ids past the text's characters are unused rows: no point.
    const unused = chars.indexOf('');
    if (unused >= 0) expect(labels[unused]).toBeNull();
  });
});

describe('the projector in the worker session', () => {
  it('projects lstm-topics embeddings (words), follows a training step, shows the penultimate classes, stops when closed', async () => {
    const s = await startNodeSession({ failOnError: true });
    let from = s.got.length;
    s.session.handle({ type: 'load', source: { kind: 'preset', presetId: 'lstm-topics' } });
    await s.until((m) => m.type === 'model', from);
    const m = s.session.model!;
    const vocab = m.data.test.vocabulary!;

    from = s.got.length;
    s.session.handle({ type: 'watch-projector', watch: true, source: 'embedding' });
    const first = ((await s.until(isReport, from)) as { report: ProjectorReport }).report;
    expect(first.message).toBeNull();
    expect(first.layer).toBe('embedding');
    expect(first.epoch).toBe(0);
    // Ids 1..499 (0 is padding): each label is its id's word, and encodes back to that id.
    expect(first.labels).toHaveLength(499);
    expect(first.labels!.slice(0, 3)).toEqual([vocab[1], vocab[2], vocab[3]]);
    const words = new Vocabulary(vocab.slice(2));
    expect(first.labels!.slice(1, 40).map((w) => words.encode(w, 1)[0])).toEqual(Array.from({ length: 39 }, (_, i) => i + 2));
    // The coordinates are the PCA of the Embedding rows the trainer holds.
    const params = await m.trainer.readParams();
    const off = paramOffsets(m.trainer.model.layout, 'embedding').weight;
    const rows = params.slice(off + 64, off + 500 * 64);
    const want = pca2(rows, 499, 64);
    expect(first.xs[7]).toBeCloseTo(want.coords[14], 9);
    expect(first.ys[123]).toBeCloseTo(want.coords[247], 9);
    expect(first.variance[0]).toBeCloseTo(want.variance[0], 9);

    from = s.got.length;
    s.session.handle({ type: 'step-batch' });
    const after = ((await s.until((x) => isReport(x) && x.report.globalStep === 1, from)) as { report: ProjectorReport }).report;
    expect(after.labels).toEqual(first.labels);
    const moved = Math.max(...after.xs.map((x, i) => Math.abs(x - first.xs[i])));
    expect(moved).toBeGreaterThan(1e-4);

    from = s.got.length;
    s.session.handle({ type: 'watch-projector', watch: true, source: 'penultimate' });
    const pen = ((await s.until((x) => isReport(x) && x.report.source === 'penultimate', from)) as { report: ProjectorReport }).report;
    expect(pen.message).toBeNull();
    expect(pen.layer).toBe('lstm');
    const k = Math.min(m.data.test.n, 500);
    expect(pen.xs).toHaveLength(k);
    expect(pen.classes).toEqual(Array.from(m.data.test.y.subarray(0, k)));
    expect(pen.classNames).toEqual(m.data.test.classNames);
    expect(pen.variance[0]).toBeGreaterThan(0);

    s.session.handle({ type: 'watch-projector', watch: false, source: 'penultimate' });
    from = s.got.length;
    s.session.handle({ type: 'step-batch' });
    await s.until((x) => x.type === 'weights' && x.globalStep === 2, from);
    await s.until((x) => x.type === 'state' && x.status !== 'training', s.got.findIndex((x, i) => i >= from && x.type === 'weights'));
    expect(s.got.slice(from).filter(isReport)).toHaveLength(0);
  }, 300_000);
});
