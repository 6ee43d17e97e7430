import { describe, expect, it } from 'vitest';
import { StepWindow } from '../../src/engine/step-window';

/**
 * A fake GPU queue: steps run one after another, each taking `stepMs` of a fake clock; a
 * completion promise resolves once every step submitted before it has run.
 */
class FakeGpu {
  clock = 0;
  submitted = 0;
  finished = 0;
  private waiters: { step: number; resolve: () => void }[] = [];
  constructor(readonly stepMs: number) {}
  onSubmittedWorkDone(): Promise<void> {
    const step = this.submitted;
    return new Promise((resolve) => this.waiters.push({ step, resolve }));
  }
  submit(): void {
    this.submitted++;
  }
  /** Runs the GPU until the next step finishes (or nothing is queued). */
  runOne(): void {
    if (this.finished < this.submitted) {
      this.finished++;
      this.clock += this.stepMs;
    }
    for (const w of this.waiters.filter((w) => w.step <= this.finished)) w.resolve();
    this.waiters = this.waiters.filter((w) => w.step > this.finished);
  }
}

/** Submits steps through the window while the fake GPU runs, until `stopAt` has been submitted. */
async function train(gpu: FakeGpu, win: StepWindow, stopAt: number, maxInFlight: { n: number }): Promise<void> {
  let running = true;
  const pump = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 0));
      gpu.runOne();
    }
  })();
  for (let s = 0; s < stopAt; s++) {
    await win.admit();
    gpu.submit();
    win.submittedOne();
    maxInFlight.n = Math.max(maxInFlight.n, gpu.submitted - gpu.finished);
  }
  await win.drain();
  running = false;
  await pump;
}

/** Like train(), in groups of `g` steps per submit, marking only each group's last step. */
async function trainGroups(gpu: FakeGpu, win: StepWindow, stopAt: number, g: number, mayMark: (last: boolean) => boolean): Promise<void> {
  let running = true;
  const pump = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 0));
      gpu.runOne();
    }
  })();
  for (let s = 0; s < stopAt; s += g) {
    await win.admit(g);
    for (let k = 0; k < g; k++) gpu.submit();
    for (let k = 0; k < g; k++) win.submittedOne(s + k + 1, undefined, mayMark(k === g - 1));
  }
  await win.drain();
  running = false;
  await pump;
}

describe('StepWindow', () => {
  it('groups of steps per submit: marking only the last of each keeps the time per step true', async () => {
    const gpu = new FakeGpu(0.5);
    const win = new StepWindow(gpu, 50, 256, () => gpu.clock);
    await trainGroups(gpu, win, 800, 32, (last) => last);
    expect(win.msPerStep).toBeCloseTo(0.5, 6);
    expect(win.ahead).toBe(100);
    expect(win.completed).toBe(800);
    // Marks inside a group all complete together: the measured time per step collapses.
    const gpu2 = new FakeGpu(0.5);
    const win2 = new StepWindow(gpu2, 50, 256, () => gpu2.clock);
    await trainGroups(gpu2, win2, 800, 32, () => true);
    expect(win2.msPerStep).toBeLessThan(0.45);
  });


  it('runs a step slower than the budget alone (two until timed), so a stop flag takes effect within a step', async () => {
    const gpu = new FakeGpu(100);
    const win = new StepWindow(gpu, 50, 256, () => gpu.clock);
    const inFlight = { n: 0 };
    await train(gpu, win, 20, inFlight);
    // After the first steps are timed, only one at a time is in flight.
    const late = { n: 0 };
    await train(gpu, win, 10, late);
    expect(late.n).toBe(1);
    expect(inFlight.n).toBeLessThanOrEqual(2);
    expect(win.ahead).toBe(1);
    expect(win.slow).toBe(true);
    expect(win.completed).toBe(30);
    expect(gpu.finished).toBe(30);
  });

  it('lets fast steps run further ahead, bounded by the time budget', async () => {
    const gpu = new FakeGpu(0.5);
    const win = new StepWindow(gpu, 50, 256, () => gpu.clock);
    const inFlight = { n: 0 };
    await train(gpu, win, 400, inFlight);
    // 50 ms / 0.5 ms per step = 100 steps may be in flight once the time per step is measured.
    expect(win.ahead).toBe(100);
    expect(win.slow).toBe(false);
    expect(inFlight.n).toBeGreaterThan(2);
    expect(inFlight.n).toBeLessThanOrEqual(100);
    expect(win.completed).toBe(400);
  });

  it('caps the window at maxAhead', async () => {
    const gpu = new FakeGpu(0.01);
    const win = new StepWindow(gpu, 50, 16, () => gpu.clock);
    const inFlight = { n: 0 };
    await train(gpu, win, 200, inFlight);
    expect(win.ahead).toBe(16);
    expect(inFlight.n).toBeLessThanOrEqual(16);
  });
});
