/**
 * A one-line progress bar for terminals (silent when stdout is not a TTY), with the elapsed time and
 * the ETA as Keras's Progbar shows them: "ETA: 42s", "ETA: 1:05", "ETA: 1:02:03" while running and
 * the time per step when done.
 */

/** Keras's Progbar ETA format: seconds below a minute, m:ss below an hour, h:mm:ss above. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  if (s >= 60) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return `${s}s`;
}

/** Time per step as Keras prints it: "12ms/step", "850us/step", "2s/step". */
export function formatPerStep(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

/** The bar's text after `elapsed` seconds with `done` of `total` steps finished. */
export function progressLine(done: number, total: number, elapsed: number, suffix: string, width = 28): string {
  const frac = Math.min(1, done / Math.max(1, total));
  const filled = Math.round(frac * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const time = done >= total ? `${formatEta(elapsed)} ${formatPerStep(elapsed / Math.max(1, done))}` : `${formatEta(elapsed)} elapsed, ETA: ${done > 0 ? formatEta((elapsed / done) * (total - done)) : '?'}`;
  return `${String(done).padStart(String(total).length)}/${total} ${bar} - ${time} - ${suffix}`;
}

export class ProgressBar {
  private last = 0;
  private started = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stdout,
    private readonly width = 28,
  ) {}

  /** Starts the clock of a new epoch (also started by the first update). */
  start(): void {
    this.started = performance.now();
  }

  update(done: number, total: number, suffix: string): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.last < 80 && done < total) return;
    this.last = now;
    if (this.started === 0) this.start();
    this.stream.write(`\r  ${progressLine(done, total, (performance.now() - this.started) / 1000, suffix, this.width)}\x1b[K`);
  }

  clear(): void {
    this.started = 0;
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
  }
}
