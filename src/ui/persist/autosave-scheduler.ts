/**
 * The timing of autosave, without React: after a change, saves at most once per `delayMs`
 * (the first change starts the timer, later ones ride along); `flush` saves at once. A change is
 * marked saved only after the save resolved, and only up to the changes made before the save
 * started; a failed save (it throws or returns false) keeps the state dirty and is retried with
 * exponential backoff (`delayMs` x 2, x 4, ... up to `maxRetryMs`). Never two saves at a time.
 */

export type SaveFn = () => Promise<boolean | void> | boolean | void;

export interface AutosaveOptions {
  delayMs: number;
  maxRetryMs?: number;
}

export class AutosaveScheduler {
  private version = 0;
  private savedVersion = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<boolean> | null = null;
  /** Failed saves in a row. */
  failures = 0;

  constructor(
    private readonly save: SaveFn,
    private readonly opts: AutosaveOptions,
  ) {}

  get dirty(): boolean {
    return this.version !== this.savedVersion;
  }

  /** Something changed: save within `delayMs` (or at the pending retry). */
  changed(): void {
    this.version++;
    this.schedule(this.opts.delayMs, false);
  }

  /** Saves now when dirty (after a save under way); true when everything is saved. */
  async flush(): Promise<boolean> {
    this.clearTimer();
    while (this.inFlight) await this.inFlight;
    if (!this.dirty) return true;
    const run = this.attempt(this.version);
    this.inFlight = run;
    try {
      return await run;
    } finally {
      if (this.inFlight === run) this.inFlight = null;
    }
  }

  /**
   * The page is going away (pagehide, hidden): start saving the latest state NOW, even beside a
   * save under way. Awaiting that save first would need an IndexedDB event the unloading page never
   * gets, and the last edit would be lost; IndexedDB commits the two writes in the order they began.
   */
  flushNow(): Promise<boolean> {
    this.clearTimer();
    if (!this.dirty) return Promise.resolve(true);
    const run = this.attempt(this.version);
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    return run;
  }

  /** The delay before retry number `failures` (1-based). */
  retryDelay(failures: number): number {
    return Math.min(this.opts.maxRetryMs ?? 30_000, this.opts.delayMs * 2 ** failures);
  }

  dispose(): void {
    this.clearTimer();
  }

  private async attempt(version: number): Promise<boolean> {
    let ok: boolean;
    try {
      ok = (await this.save()) !== false;
    } catch {
      ok = false;
    }
    if (ok) {
      this.savedVersion = Math.max(this.savedVersion, version);
      this.failures = 0;
      if (this.dirty) this.schedule(this.opts.delayMs, false);
    } else {
      this.failures++;
      this.schedule(this.retryDelay(this.failures), true);
    }
    return ok && !this.dirty;
  }

  private schedule(ms: number, replace: boolean): void {
    if (this.timer !== null && !replace) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
