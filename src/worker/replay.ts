/**
 * What a replacement worker must be told to continue where a crashed one stopped, learnt from the
 * traffic through the client: whether `init` was sent, the last `load` (its source and tag), the
 * last weights the UI received for that model (from `weights` messages, or given with the load),
 * and the standing watches (`boundary`, `attention-maps`, the inside views' `watch-*`). Weights are dropped when the model is
 * rebuilt from fresh ones, so a replay never pairs weights with a model they do not belong to.
 */
import type { FromWorker, ToWorker, WeightsBlob } from './protocol';
import { isInsideWatch } from './protocol-inside';

type Load = Extract<ToWorker, { type: 'load' }>;

export class ReplayLog {
  private init = false;
  private load: Load | null = null;
  private weightsBlob: WeightsBlob | null = null;
  private boundary: Extract<ToWorker, { type: 'boundary' }> | null = null;
  private attention: Extract<ToWorker, { type: 'attention-maps' }> | null = null;
  /** The last `watch-*` command of each inside view. */
  private readonly inside = new Map<string, ToWorker>();

  /** The weights a replay restores (null: the model is rebuilt from fresh weights). */
  get weights(): WeightsBlob | null {
    return this.weightsBlob;
  }

  get hasModel(): boolean {
    return this.load !== null;
  }

  sent(cmd: ToWorker): void {
    switch (cmd.type) {
      case 'init':
        this.init = true;
        return;
      case 'load':
        this.load = cmd;
        if (cmd.weights) this.weightsBlob = cmd.weights;
        else if (!cmd.keepWeights) this.weightsBlob = null;
        return;
      case 'boundary':
        this.boundary = cmd;
        return;
      case 'attention-maps':
        this.attention = cmd.watch && cmd.source ? cmd : null;
        return;
      default:
        if (isInsideWatch(cmd)) this.inside.set(cmd.type, cmd);
        return;
    }
  }

  received(msg: FromWorker): void {
    if (msg.type === 'weights') this.weightsBlob = { params: msg.params, epoch: msg.epoch, globalStep: msg.globalStep };
    else if (msg.type === 'model' && msg.info.weights === 'fresh') this.weightsBlob = null;
  }

  /** The commands that bring a new worker to the state of the old one, in order. */
  commands(): ToWorker[] {
    const out: ToWorker[] = [];
    if (this.init) out.push({ type: 'init' });
    if (this.load) {
      const { source, tag } = this.load;
      out.push(this.weightsBlob ? { type: 'load', source, tag, weights: this.weightsBlob } : { type: 'load', source, tag });
    }
    if (this.boundary) out.push(this.boundary);
    if (this.attention) out.push(this.attention);
    // The open inside views (a closed one was last sent with watch: false, which is replayed harmlessly).
    out.push(...this.inside.values());
    return out;
  }
}
