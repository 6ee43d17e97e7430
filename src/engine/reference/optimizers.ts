/**
 * Float64 CPU references for optimizer updates (Keras semantics and defaults). The optimizer
 * table (../optimizers.ts) points each row at its class here, with the engine's epsilon placement.
 *
 * Shapes: params [P] (one flat vector, updated IN PLACE), grads [P]; all state vectors [P].
 * Each instance owns its state, allocated on the first step(); the parameter count
 * must not change afterwards. step(..., lr) overrides the configured lr for that step
 * (used with learning-rate schedules).
 *
 *   SGD     : v = momentum*v - lr*g;  plain: p += v;  nesterov: p += momentum*v - lr*g
 *   Adagrad : acc += g^2;             p -= lr*g / (sqrt(acc) + eps)
 *   RMSprop : v = rho*v + (1-rho)*g^2; p -= lr*g / (sqrt(v) + eps)
 *   Adam    : t += 1; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
 *             alpha = lr*sqrt(1-b2^t)/(1-b1^t); p -= alpha*m / (sqrt(v) + eps)   (Keras 3 form)
 *             amsgrad: vhat = max(vhat, v) replaces v in the denominator
 *   AdamW   : p -= lr*wd*p (decoupled, on every parameter, before the update), then Adam
 *
 * Note: Keras 3's own Adagrad/RMSprop put eps INSIDE the sqrt (sqrt(acc + eps)); pass
 * `epsilonInsideSqrt: true` to reproduce that form exactly. Default is the form above.
 *
 * Helpers: applyL2(grads [P], params [P], wd) -> g + wd*p
 *          clipByGlobalNorm(grads [P], maxNorm) -> { grads * min(1, maxNorm/norm), norm }
 */

export interface SgdHp {
  lr: number;
  momentum: number;
  nesterov: boolean;
}

export interface AdagradHp {
  lr: number;
  initialAccumulator: number;
  epsilon: number;
  epsilonInsideSqrt: boolean;
}

export interface RmspropHp {
  lr: number;
  rho: number;
  epsilon: number;
  epsilonInsideSqrt: boolean;
}

export interface AdamHp {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  amsgrad: boolean;
  /** Decoupled weight decay (AdamW): p -= lr*weightDecay*p before the update. */
  weightDecay: number;
}

export interface OptimizerRef {
  step(params: Float64Array, grads: ArrayLike<number>, lr?: number): void;
}

function checkLengths(name: string, params: Float64Array, grads: ArrayLike<number>, stateLen: number | null): void {
  if (grads.length !== params.length) {
    throw new Error(`${name}.step: grads has length ${grads.length}, params has ${params.length}`);
  }
  if (stateLen !== null && stateLen !== params.length) {
    throw new Error(`${name}.step: params length changed from ${stateLen} to ${params.length}`);
  }
}

function stateVector(existing: Float64Array | null, n: number, init = 0): Float64Array {
  if (existing) return existing;
  const v = new Float64Array(n);
  if (init !== 0) v.fill(init);
  return v;
}

export class SgdRef implements OptimizerRef {
  readonly hp: SgdHp;
  private velocity: Float64Array | null = null;

  constructor(hp: Partial<SgdHp> = {}) {
    this.hp = { lr: 0.01, momentum: 0, nesterov: false, ...hp };
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    checkLengths('SgdRef', params, grads, this.velocity?.length ?? null);
    const { momentum, nesterov } = this.hp;
    if (momentum === 0) {
      for (let i = 0; i < params.length; i++) params[i] -= lr * grads[i];
      return;
    }
    const v = (this.velocity = stateVector(this.velocity, params.length));
    for (let i = 0; i < params.length; i++) {
      v[i] = momentum * v[i] - lr * grads[i];
      params[i] += nesterov ? momentum * v[i] - lr * grads[i] : v[i];
    }
  }
}

export class AdagradRef implements OptimizerRef {
  readonly hp: AdagradHp;
  private accumulator: Float64Array | null = null;

  constructor(hp: Partial<AdagradHp> = {}) {
    this.hp = { lr: 1e-3, initialAccumulator: 0.1, epsilon: 1e-7, epsilonInsideSqrt: false, ...hp };
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    checkLengths('AdagradRef', params, grads, this.accumulator?.length ?? null);
    const { epsilon, epsilonInsideSqrt } = this.hp;
    const acc = (this.accumulator = stateVector(this.accumulator, params.length, this.hp.initialAccumulator));
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      acc[i] += g * g;
      const denom = epsilonInsideSqrt ? Math.sqrt(acc[i] + epsilon) : Math.sqrt(acc[i]) + epsilon;
      params[i] -= (lr * g) / denom;
    }
  }
}

export class RmspropRef implements OptimizerRef {
  readonly hp: RmspropHp;
  private velocity: Float64Array | null = null;

  constructor(hp: Partial<RmspropHp> = {}) {
    this.hp = { lr: 1e-3, rho: 0.9, epsilon: 1e-7, epsilonInsideSqrt: false, ...hp };
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    checkLengths('RmspropRef', params, grads, this.velocity?.length ?? null);
    const { rho, epsilon, epsilonInsideSqrt } = this.hp;
    const v = (this.velocity = stateVector(this.velocity, params.length));
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      v[i] = rho * v[i] + (1 - rho) * g * g;
      const denom = epsilonInsideSqrt ? Math.sqrt(v[i] + epsilon) : Math.sqrt(v[i]) + epsilon;
      params[i] -= (lr * g) / denom;
    }
  }
}

export class AdamRef implements OptimizerRef {
  readonly hp: AdamHp;
  private m: Float64Array | null = null;
  private v: Float64Array | null = null;
  private vhat: Float64Array | null = null;
  private t = 0;

  constructor(hp: Partial<AdamHp> = {}) {
    this.hp = { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, weightDecay: 0, ...hp };
  }

  /** Number of completed steps. */
  get iterations(): number {
    return this.t;
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    checkLengths('AdamRef', params, grads, this.m?.length ?? null);
    const { beta1, beta2, epsilon, amsgrad, weightDecay } = this.hp;
    const m = (this.m = stateVector(this.m, params.length));
    const v = (this.v = stateVector(this.v, params.length));
    const vhat = amsgrad ? (this.vhat = stateVector(this.vhat, params.length)) : null;
    this.t += 1;
    const alpha = (lr * Math.sqrt(1 - Math.pow(beta2, this.t))) / (1 - Math.pow(beta1, this.t));
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      if (weightDecay > 0) params[i] -= lr * weightDecay * params[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      let denom = v[i];
      if (vhat) denom = vhat[i] = Math.max(vhat[i], v[i]);
      params[i] -= (alpha * m[i]) / (Math.sqrt(denom) + epsilon);
    }
  }
}

/** AdamW: Adam with decoupled weight decay, torch.optim.AdamW's defaults (epsilon 1e-8, weight decay 0.01). */
export class AdamWRef extends AdamRef {
  constructor(hp: Partial<AdamHp> = {}) {
    super({ epsilon: 1e-8, weightDecay: 0.01, ...hp });
  }
}

/** L2 penalty gradient: returns a new vector g + wd * p. */
export function applyL2(grads: ArrayLike<number>, params: ArrayLike<number>, wd: number): Float64Array {
  if (grads.length !== params.length) {
    throw new Error(`applyL2: grads has length ${grads.length}, params has ${params.length}`);
  }
  const out = new Float64Array(grads.length);
  for (let i = 0; i < out.length; i++) out[i] = grads[i] + wd * params[i];
  return out;
}

/**
 * Global-norm clipping (tf.clip_by_global_norm): returns a NEW scaled copy and the
 * pre-clipping L2 norm. scale = min(1, maxNorm / norm); a zero norm leaves grads as is.
 */
export function clipByGlobalNorm(grads: ArrayLike<number>, maxNorm: number): { grads: Float64Array; norm: number } {
  if (!(maxNorm > 0)) throw new Error(`clipByGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  let sq = 0;
  for (let i = 0; i < grads.length; i++) sq += grads[i] * grads[i];
  const norm = Math.sqrt(sq);
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  const out = new Float64Array(grads.length);
  for (let i = 0; i < out.length; i++) out[i] = grads[i] * scale;
  return { grads: out, norm };
}
