/** A one-line progress bar for terminals; silent when stdout is not a TTY. */
export class ProgressBar {
  private last = 0;
  constructor(
    private readonly stream: NodeJS.WriteStream = process.stdout,
    private readonly width = 28,
  ) {}

  update(done: number, total: number, suffix: string): void {
    if (!this.stream.isTTY) return;
    const now = Date.now();
    if (now - this.last < 80 && done < total) return;
    this.last = now;
    const filled = Math.round((done / Math.max(1, total)) * this.width);
    this.stream.write(`\r  [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${done}/${total} ${suffix}\x1b[K`);
  }

  clear(): void {
    if (this.stream.isTTY) this.stream.write('\r\x1b[K');
  }
}
