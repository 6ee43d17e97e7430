/**
 * The worker's text generation: one request at a time (a new one stops the old), served outside
 * the task queue like single predictions (Trainer.predictOne may run between any two training
 * steps), streamed back one character per `generated` message. The model must be a character
 * language model: an int32 window input and a per-position softmax output over the characters of
 * its dataset's vocabulary (the dataset's classNames, unknown character first).
 */
import { CharVocabulary, UNKNOWN_CHAR } from '../../data/text/char-corpus';
import type { LoadedModel } from '../model-loader';
import type { FromWorker, ToWorker } from '../protocol';
import { generateRequestError, generateText, type LanguageModel } from './generate-text';

type GenerateMessage = Extract<ToWorker, { type: 'generate' }>;

/** The model as a LanguageModel, or why it cannot generate text. */
export function languageModelOf(m: LoadedModel): LanguageModel | string {
  const plan = m.trainer.model.lossPlan;
  const input = m.trainer.model.graph.inputs[0];
  const names = m.data.train.classNames;
  if (plan.positions < 2 || input.out.dtype !== 'int32' || input.out.shape.length !== 1 || !names || names[0] !== UNKNOWN_CHAR) {
    return 'Generating text needs a character language model: token-id windows in, the next character at every position out (load preset 10b).';
  }
  const vocabulary = CharVocabulary.fromTable(names);
  const trainer = m.trainer;
  return { context: input.out.shape[0], classes: plan.classes, vocabulary, predict: (w) => trainer.predictOne(w) };
}

export class GenerationService {
  private current: { id: number; stop: boolean } | null = null;

  constructor(
    private readonly post: (m: FromWorker) => void,
    /** The loaded model, or a sentence saying why none can be used now. */
    private readonly model: () => LoadedModel | string,
  ) {}

  stop(id: number): void {
    if (this.current?.id === id) this.current.stop = true;
  }

  start(msg: GenerateMessage): void {
    if (this.current) this.current.stop = true;
    const job = { id: msg.id, stop: false };
    this.current = job;
    void this.run(msg, job);
  }

  private async run(msg: GenerateMessage, job: { id: number; stop: boolean }): Promise<void> {
    const fail = (message: string, count = 0) => this.post({ type: 'generated', id: msg.id, text: '', count, done: true, message });
    const m = this.model();
    if (typeof m === 'string') return fail(m);
    const lm = languageModelOf(m);
    if (typeof lm === 'string') return fail(lm);
    const bad = generateRequestError(msg);
    if (bad) return fail(`Cannot generate: ${bad}.`);
    let count = 0;
    const replaced = () => this.model() !== m;
    try {
      await generateText(
        lm,
        msg,
        (ch) => {
          count++;
          this.post({ type: 'generated', id: msg.id, text: ch, count, done: false, message: null });
        },
        () => job.stop || replaced(),
      );
      if (replaced()) fail('The model was rebuilt while generating; generate again.', count);
      else this.post({ type: 'generated', id: msg.id, text: '', count, done: true, message: null });
    } catch (e) {
      fail(replaced() ? 'The model was rebuilt while generating; generate again.' : `Generation failed: ${e instanceof Error ? e.message : String(e)}`, count);
    } finally {
      if (this.current === job) this.current = null;
    }
  }
}
