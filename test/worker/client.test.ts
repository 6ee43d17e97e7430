/**
 * TrainerClient with a fake worker (no browser): a crash replaces the worker, the new one gets
 * `init`, the last model with the last weights the page received and the standing watches;
 * subscribers keep receiving; fresh models drop old weights; restarts are capped per window.
 */
import { describe, expect, it } from 'vitest';
import { TrainerClient, type WorkerLike } from '../../src/worker/client';
import type { FromWorker, ModelInfo, ToWorker } from '../../src/worker/protocol';

class FakeWorker implements WorkerLike {
  onmessage: WorkerLike['onmessage'] = null;
  onerror: WorkerLike['onerror'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  readonly posted: ToWorker[] = [];
  terminated = false;
  postMessage(msg: ToWorker): void {
    this.posted.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  /** The worker posts `msg` to the page. */
  reply(msg: FromWorker): void {
    this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  }
  /** An uncaught error at the worker's top level. */
  crash(message = 'boom'): void {
    this.onerror?.({ message, preventDefault: () => {} } as ErrorEvent);
  }
}

function setup(now = { t: 0 }) {
  const workers: FakeWorker[] = [];
  const client = new TrainerClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w;
    },
    { now: () => now.t },
  );
  const got: FromWorker[] = [];
  client.subscribe((m) => got.push(m));
  return { client, workers, got, now };
}

const info = (weights: ModelInfo['weights'], epoch: number): ModelInfo =>
  ({ presetId: null, tag: 'm1', name: 'x', dataset: 'spiral', task: 'classification', outputs: 3, paramCount: 3, trainRows: 1, validationRows: 0, testRows: 1, batchSize: 1, stepsPerEpoch: 1, dispatchesPerStep: 1, epochs: 5, weights, epoch }) as ModelInfo;

const load: ToWorker = { type: 'load', source: { kind: 'preset', presetId: 'spiral-mlp' }, tag: 'm1' };

describe('TrainerClient restarts a crashed worker', () => {
  it('starts a new worker, re-sends init, rebuilds the model with the last weights and keeps listeners', () => {
    const { client, workers, got } = setup();
    client.send({ type: 'init' });
    client.send(load);
    client.send({ type: 'boundary', watch: true, resolution: 40 });
    const params = new Float32Array([1, 2, 3]);
    workers[0].reply({ type: 'model', info: info('fresh', 0) });
    workers[0].reply({ type: 'weights', params, epoch: 2, globalStep: 20 });
    workers[0].crash('out of memory');

    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(workers[1].posted).toEqual([
      { type: 'init' },
      { type: 'load', source: load.source, tag: 'm1', weights: { params, epoch: 2, globalStep: 20 } },
      { type: 'boundary', watch: true, resolution: 40 },
    ]);
    const notice = got.find((m) => m.type === 'worker-restarted');
    expect(notice).toEqual({
      type: 'worker-restarted',
      message: 'The training worker crashed and was restarted; the weights of epoch 2 were restored. (Cause: out of memory.)',
      epoch: 2,
      gaveUp: false,
    });
    // The old subscriber hears the new worker; commands go to the new worker only.
    workers[1].reply({ type: 'ready', adapter: 'fake' });
    expect(got.at(-1)).toEqual({ type: 'ready', adapter: 'fake' });
    client.send({ type: 'train' });
    expect(workers[1].posted.at(-1)).toEqual({ type: 'train' });
    expect(workers[0].posted.some((c) => c.type === 'train')).toBe(false);
    // A late event of the dead worker is ignored.
    workers[0].reply({ type: 'ready', adapter: 'old' });
    expect(got.at(-1)).toEqual({ type: 'ready', adapter: 'fake' });
  });

  it('rebuilds from fresh weights when the model was reset after the last weights', () => {
    const { client, workers, got } = setup();
    client.send({ type: 'init' });
    client.send(load);
    workers[0].reply({ type: 'weights', params: new Float32Array(3), epoch: 4, globalStep: 40 });
    workers[0].reply({ type: 'model', info: info('fresh', 0) }); // after a reset
    workers[0].crash();
    expect(workers[1].posted).toEqual([{ type: 'init' }, { type: 'load', source: load.source, tag: 'm1' }]);
    const notice = got.find((m) => m.type === 'worker-restarted');
    expect(notice).toMatchObject({ epoch: null, gaveUp: false, message: expect.stringMatching(/restarted; the model was rebuilt from fresh weights/) });
  });

  it('replays weights given with a load (a project opened from storage)', () => {
    const { client, workers } = setup();
    const weights = { params: new Float32Array([5]), epoch: 7, globalStep: 70 };
    client.send({ type: 'init' });
    client.send({ ...load, weights } as ToWorker);
    workers[0].crash();
    expect(workers[1].posted[1]).toEqual({ type: 'load', source: load.source, tag: 'm1', weights });
  });

  it('stops after 3 restarts within a minute, and says so', () => {
    const { client, workers, got, now } = setup();
    client.send({ type: 'init' });
    for (let i = 0; i < 3; i++) {
      now.t += 10_000;
      workers.at(-1)!.crash();
    }
    expect(workers).toHaveLength(4);
    now.t += 10_000;
    workers.at(-1)!.crash();
    expect(workers).toHaveLength(4); // no fifth worker
    const last = got.at(-1);
    expect(last).toMatchObject({ type: 'worker-restarted', gaveUp: true, message: expect.stringMatching(/crashed 4 times within 60 s, so it was not restarted again/) });
    client.send({ type: 'train' }); // goes nowhere, and does not throw
    expect(workers[3].posted.some((c) => c.type === 'train')).toBe(false);
  });

  it('counts only the restarts of the last minute', () => {
    const { client, workers, got, now } = setup();
    client.send({ type: 'init' });
    for (let i = 0; i < 6; i++) {
      now.t += 25_000; // at most 3 crashes fall in any 60 s window
      workers.at(-1)!.crash();
    }
    expect(workers).toHaveLength(7);
    expect(got.filter((m) => m.type === 'worker-restarted' && m.gaveUp)).toHaveLength(0);
    expect(workers[6].posted).toEqual([{ type: 'init' }]);
  });
});
