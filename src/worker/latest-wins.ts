/**
 * "Latest request wins": serves requests one at a time, outside the worker's task queue. A
 * request arriving while one is served replaces any request still waiting, so only the newest
 * waiting one runs next; the last request made always runs. A serve may answer 'retry' (the model
 * changed under it): the same request is then served again, unless a newer one arrived meanwhile.
 */
export type ServeOutcome = 'done' | 'retry';

export class LatestWins<T> {
  private pending: { request: T } | null = null;
  private serving = false;

  constructor(private readonly serve: (request: T) => Promise<ServeOutcome>) {}

  /** Queues `request` in place of any waiting one; starts serving when idle. */
  request(request: T): void {
    this.pending = { request };
    if (!this.serving) void this.drain();
  }

  /** A request is being served. */
  get busy(): boolean {
    return this.serving;
  }

  private async drain(): Promise<void> {
    this.serving = true;
    try {
      while (this.pending) {
        const { request } = this.pending;
        this.pending = null;
        if ((await this.serve(request)) === 'retry') this.pending ??= { request };
      }
    } finally {
      this.serving = false;
    }
  }
}
