/**
 * The "latest request wins" helper behind single predictions and attention maps: one request is
 * served at a time; a request arriving while one runs replaces any queued one; the last request
 * made always runs; 'retry' serves the same request again unless a newer one is waiting.
 */
import { describe, expect, it } from 'vitest';
import { LatestWins, type ServeOutcome } from '../../src/worker/latest-wins';

/** A serve whose calls finish only when the test releases them. */
function gated() {
  const served: number[] = [];
  const gates: Array<(o: ServeOutcome) => void> = [];
  const lw = new LatestWins<number>((n) => {
    served.push(n);
    return new Promise<ServeOutcome>((r) => gates.push(r));
  });
  const release = async (o: ServeOutcome = 'done') => {
    gates.shift()!(o);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { lw, served, gates, release };
}

describe('LatestWins', () => {
  it('serves a request at once when idle', () => {
    const { lw, served } = gated();
    expect(lw.busy).toBe(false);
    lw.request(1);
    expect(served).toEqual([1]);
    expect(lw.busy).toBe(true);
  });

  it('replaces the queued request with each newer one and always runs the last', async () => {
    const { lw, served, release } = gated();
    lw.request(1);
    lw.request(2);
    lw.request(3);
    lw.request(4);
    expect(served).toEqual([1]); // one at a time
    await release();
    expect(served).toEqual([1, 4]); // 2 and 3 were replaced
    lw.request(5);
    await release();
    expect(served).toEqual([1, 4, 5]);
    await release();
    expect(lw.busy).toBe(false);
    expect(served).toEqual([1, 4, 5]);
  });

  it('serves a retried request again, unless a newer one arrived meanwhile', async () => {
    const { lw, served, release } = gated();
    lw.request(1);
    await release('retry');
    expect(served).toEqual([1, 1]);
    lw.request(2);
    await release('retry'); // 1 again is dropped: 2 is newer
    expect(served).toEqual([1, 1, 2]);
    await release();
    expect(lw.busy).toBe(false);
  });

  it('starts again after going idle', async () => {
    const { lw, served, release } = gated();
    lw.request(1);
    await release();
    expect(lw.busy).toBe(false);
    lw.request(2);
    expect(served).toEqual([1, 2]);
    await release();
  });

  it('serves falsy requests too', async () => {
    const served: number[] = [];
    const lw = new LatestWins<number>(async (n) => (served.push(n), 'done'));
    lw.request(0);
    await Promise.resolve();
    await Promise.resolve();
    expect(served).toEqual([0]);
  });
});
