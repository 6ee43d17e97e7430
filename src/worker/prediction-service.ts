/**
 * Single predictions (draw to classify, type a sentence), served outside the task queue: Trainer.predictOne may run
 * between any two submits of a run or an evaluation. Requests arriving meanwhile are coalesced;
 * only the latest is answered (latest-wins.ts).
 */
import { encodeText } from '../data/text/encode-text';
import { predictRaw } from './evaluation';
import { LatestWins, type ServeOutcome } from './latest-wins';
import { classNamesOf, classProbabilities } from './predictions';
import type { PredictionReport } from './protocol';
import { messageOf, type SessionCore } from './session-core';

interface PredictRequest {
  id: number;
  /** An input row, or a text to encode like the dataset's texts. */
  input: Float32Array | string;
}

export class PredictionService {
  private readonly requests = new LatestWins<PredictRequest>((req) => this.serve(req));

  constructor(private readonly core: SessionCore) {}

  request(id: number, input: Float32Array | string): void {
    this.requests.request({ id, input });
  }

  private async serve(req: PredictRequest): Promise<ServeOutcome> {
    const report = await this.predictOnce(req.id, req.input);
    // The model was replaced meanwhile: ask the new one (unless a newer request is waiting).
    if (report === null) return 'retry';
    this.core.post({ type: 'prediction', ...report });
    return 'done';
  }

  /** The model's answer for one input row; null when the model changed while it was computed. */
  private async predictOnce(id: number, request: Float32Array | string): Promise<PredictionReport | null> {
    const core = this.core;
    let words: PredictionReport['words'] = null;
    const none = (message: string): PredictionReport => ({ id, probabilities: null, classNames: [], message, epoch: core.model?.trainer.epoch ?? 0, words });
    const m = core.usableModel();
    if (typeof m === 'string') return none(m);
    let input: Float32Array | Int32Array = request as Float32Array;
    if (typeof request === 'string') {
      const encoded = encodeText(m.data.test, request);
      if (typeof encoded === 'string') return none(encoded);
      words = encoded.words;
      input = encoded.x;
    } else if (!(request instanceof Float32Array)) return none('The input must be a Float32Array.');
    if (!input.every(Number.isFinite)) return none('The input holds values that are not finite numbers.');
    const C = m.info.outputs;
    let outputs: Float32Array;
    try {
      // Token ids go in as they are; float rows get the model's feature scaling.
      outputs = input instanceof Int32Array ? await m.trainer.predictOne(input) : await predictRaw(m, input);
    } catch (e) {
      if (core.model !== m) return null;
      return none(`Cannot classify this input: ${messageOf(e)}.`);
    }
    if (core.model !== m) return null;
    if (m.info.task !== 'classification') return { id, probabilities: outputs, classNames: Array.from({ length: C }, (_, i) => `output ${i}`), message: null, epoch: m.trainer.epoch, words };
    const probabilities = classProbabilities(outputs, C);
    return { id, probabilities, classNames: classNamesOf(m.data.test, probabilities.length), message: null, epoch: m.trainer.epoch, words };
  }
}
