/**
 * Bounds how far the training loop runs ahead of the GPU, so Pause and Stop take effect within
 * about one step: the loop checks its stop flag before encoding each step, and only the steps
 * already submitted still run.
 *
 * Steps are numbered 1, 2, ... as submitted. Completion is observed with
 * `queue.onSubmittedWorkDone()` on marked steps; before submitting step n the loop waits until
 * step n - ahead is done, so at most `ahead` steps are in flight. `ahead` is the number of steps
 * that fit in `budgetMs` of measured time per step, at least 1 (a step slower than the budget runs
 * alone: the GPU idles only for the time it takes to encode the next one) and at most `maxAhead`
 * (2 until a step has been timed). Tiny models keep the GPU busy and still stop within `budgetMs`.
 * With a large window only every `ceil(ahead / 4)`-th step is marked (fewer promises). Several
 * steps may share one submit (step-group.ts): the loop admits the group's size, and calls
 * `submittedOne` once per step of the group after its one submit.
 */
export interface WorkQueue {
  onSubmittedWorkDone(): Promise<undefined | void>;
}

interface Mark {
  step: number;
  done: Promise<void>;
}

/** Called when a marked step is known to be done, with the tag it was submitted with. */
export type StepDone = (tag: number) => void;

export class StepWindow {
  private readonly marks: Mark[] = [];
  private submittedSteps = 0;
  private lastMarked = 0;
  private doneSteps = 0;
  private last: { step: number; at: number } | null = null;
  /** Smoothed time per step between completions (ms); Infinity until measured. */
  private stepMs = Infinity;

  constructor(
    private readonly queue: WorkQueue,
    private readonly budgetMs = 50,
    private readonly maxAhead = 256,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** How many steps may be in flight now. */
  get ahead(): number {
    if (!Number.isFinite(this.stepMs)) return 2;
    return Math.max(1, Math.min(this.maxAhead, Math.floor(this.budgetMs / Math.max(this.stepMs, 1e-3))));
  }

  /** True while steps are slow enough that every one is worth reporting. */
  get slow(): boolean {
    return this.ahead <= 2;
  }

  /** Steps submitted so far, and steps the GPU is known to have finished. */
  get submitted(): number {
    return this.submittedSteps;
  }

  get completed(): number {
    return this.doneSteps;
  }

  /** The smoothed measured time per step (ms); Infinity until two marked steps have completed. */
  get msPerStep(): number {
    return this.stepMs;
  }

  /** Waits until `steps` more steps (one submitted group) may be submitted. */
  async admit(steps = 1): Promise<void> {
    const need = this.submittedSteps + steps - this.ahead;
    while (this.doneSteps < need && this.marks.length > 0) {
      const m = this.marks.shift()!;
      await m.done;
    }
  }

  /**
   * Call right after `queue.submit` of one step. `onDone(tag)` is called when the GPU has finished
   * it (for marked steps only: every step while slow, every few while fast). Steps sharing one
   * submit pass `mayMark` false for all but their last: marks on one submit would all complete at
   * once and read as steps that took no time.
   */
  submittedOne(tag = 0, onDone?: StepDone, mayMark = true): void {
    const step = ++this.submittedSteps;
    const every = Math.max(1, Math.ceil(this.ahead / 4));
    if (!mayMark || step - this.lastMarked < every) return;
    this.lastMarked = step;
    const done = this.queue.onSubmittedWorkDone().then(() => {
      this.finished(step);
      onDone?.(tag);
    });
    this.marks.push({ step, done });
  }

  /** Waits for every submitted step. */
  async drain(): Promise<void> {
    if (this.lastMarked < this.submittedSteps) {
      const step = (this.lastMarked = this.submittedSteps);
      this.marks.push({ step, done: this.queue.onSubmittedWorkDone().then(() => this.finished(step)) });
    }
    while (this.marks.length > 0) await this.marks.shift()!.done;
  }

  private finished(step: number): void {
    if (step <= this.doneSteps) return;
    const at = this.now();
    if (this.last) {
      const per = (at - this.last.at) / (step - this.last.step);
      this.stepMs = Number.isFinite(this.stepMs) ? 0.7 * this.stepMs + 0.3 * per : per;
    }
    this.last = { step, at };
    this.doneSteps = step;
  }
}
