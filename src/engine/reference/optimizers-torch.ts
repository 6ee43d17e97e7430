/**
 * Float64 CPU references of the optimizers added with PyTorch's semantics and defaults (and Lion,
 * which PyTorch lacks, with Keras 3's). Same contract as ./optimizers.ts: params [P] updated IN
 * PLACE, grads [P], state allocated on the first step(), step(..., lr) overrides the lr.
 *
 *   Adamax : t += 1; m = b1*m + (1-b1)*g; u = max(b2*u, |g| + eps); p -= lr/(1-b1^t) * m/u
 *            (torch.optim.Adamax; Keras adds eps to u after the max instead)
 *   NAdam  : t += 1; mu_t = b1*(1 - 0.5*0.96^(t*psi)); prod_t = mu_1*...*mu_t;
 *            m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; d = sqrt(v/(1-b2^t)) + eps;
 *            p -= lr*(1-mu_t)/(1-prod_t) * g/d + lr*mu_{t+1}/(1-prod_t*mu_{t+1}) * m/d
 *            (torch.optim.NAdam, psi = momentum_decay; Keras 3's Nadam is psi = 1)
 *   Adadelta: v = rho*v + (1-rho)*g^2; d = sqrt(u + eps)/sqrt(v + eps) * g; u = rho*u + (1-rho)*d^2;
 *            p -= lr*d   (torch.optim.Adadelta, Keras and TF.js alike)
 *   Lion   : p -= lr*wd*p (decoupled); p -= lr*sign(b1*m + (1-b1)*g); m = b2*m + (1-b2)*g
 *            (keras.optimizers.Lion; sign(0) = 0)
 */
import type { OptimizerRef } from './optimizers';

function zeros(existing: Float64Array | null, n: number, name: string): Float64Array {
  if (existing && existing.length !== n) throw new Error(`${name}.step: params length changed from ${existing.length} to ${n}`);
  return existing ?? new Float64Array(n);
}

function sameLength(name: string, params: Float64Array, grads: ArrayLike<number>): void {
  if (grads.length !== params.length) throw new Error(`${name}.step: grads has length ${grads.length}, params has ${params.length}`);
}

export interface AdamaxHp {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export class AdamaxRef implements OptimizerRef {
  readonly hp: AdamaxHp;
  private m: Float64Array | null = null;
  private u: Float64Array | null = null;
  private t = 0;

  constructor(hp: Partial<AdamaxHp> = {}) {
    this.hp = { lr: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...hp };
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    sameLength('AdamaxRef', params, grads);
    const { beta1, beta2, epsilon } = this.hp;
    const m = (this.m = zeros(this.m, params.length, 'AdamaxRef'));
    const u = (this.u = zeros(this.u, params.length, 'AdamaxRef'));
    this.t += 1;
    const clr = lr / (1 - Math.pow(beta1, this.t));
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      u[i] = Math.max(beta2 * u[i], Math.abs(g) + epsilon);
      params[i] -= (clr * m[i]) / u[i];
    }
  }
}

export interface NadamHp {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  momentumDecay: number;
}

/** NAdam's momentum coefficient mu_t and the product mu_1*...*mu_t, for step t (1-based). */
export function nadamMu(beta1: number, momentumDecay: number, t: number): { mu: number; product: number } {
  const at = (i: number) => beta1 * (1 - 0.5 * Math.pow(0.96, i * momentumDecay));
  let product = 1;
  for (let i = 1; i <= t; i++) product *= at(i);
  return { mu: at(t), product };
}

/** NAdam's per-step scalars: the gradient's and the momentum's coefficients and 1/(1 - b2^t). */
export function nadamScalars(o: NadamHp, lr: number, t: number): { alpha: number; beta: number; gamma: number } {
  const { mu, product } = nadamMu(o.beta1, o.momentumDecay, t);
  const next = o.beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * o.momentumDecay));
  return { alpha: (lr * (1 - mu)) / (1 - product), beta: (lr * next) / (1 - product * next), gamma: 1 / (1 - Math.pow(o.beta2, t)) };
}

export class NadamRef implements OptimizerRef {
  readonly hp: NadamHp;
  private m: Float64Array | null = null;
  private v: Float64Array | null = null;
  private t = 0;

  constructor(hp: Partial<NadamHp> = {}) {
    this.hp = { lr: 2e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, momentumDecay: 4e-3, ...hp };
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    sameLength('NadamRef', params, grads);
    const { beta1, beta2, epsilon } = this.hp;
    const m = (this.m = zeros(this.m, params.length, 'NadamRef'));
    const v = (this.v = zeros(this.v, params.length, 'NadamRef'));
    this.t += 1;
    const { alpha, beta, gamma } = nadamScalars(this.hp, lr, this.t);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      const d = Math.sqrt(v[i] * gamma) + epsilon;
      params[i] -= (alpha * g + beta * m[i]) / d;
    }
  }
}

export interface AdadeltaHp {
  lr: number;
  rho: number;
  epsilon: number;
}

export class AdadeltaRef implements OptimizerRef {
  readonly hp: AdadeltaHp;
  private v: Float64Array | null = null;
  private u: Float64Array | null = null;

  constructor(hp: Partial<AdadeltaHp> = {}) {
    this.hp = { lr: 1, rho: 0.9, epsilon: 1e-6, ...hp };
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    sameLength('AdadeltaRef', params, grads);
    const { rho, epsilon } = this.hp;
    const v = (this.v = zeros(this.v, params.length, 'AdadeltaRef'));
    const u = (this.u = zeros(this.u, params.length, 'AdadeltaRef'));
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      v[i] = rho * v[i] + (1 - rho) * g * g;
      const d = (Math.sqrt(u[i] + epsilon) / Math.sqrt(v[i] + epsilon)) * g;
      u[i] = rho * u[i] + (1 - rho) * d * d;
      params[i] -= lr * d;
    }
  }
}

export interface LionHp {
  lr: number;
  beta1: number;
  beta2: number;
  weightDecay: number;
}

export class LionRef implements OptimizerRef {
  readonly hp: LionHp;
  private m: Float64Array | null = null;

  constructor(hp: Partial<LionHp> = {}) {
    this.hp = { lr: 1e-4, beta1: 0.9, beta2: 0.99, weightDecay: 0, ...hp };
  }

  step(params: Float64Array, grads: ArrayLike<number>, lr: number = this.hp.lr): void {
    sameLength('LionRef', params, grads);
    const { beta1, beta2, weightDecay } = this.hp;
    const m = (this.m = zeros(this.m, params.length, 'LionRef'));
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      params[i] -= lr * weightDecay * params[i];
      params[i] -= lr * Math.sign(beta1 * m[i] + (1 - beta1) * g);
      m[i] = beta2 * m[i] + (1 - beta2) * g;
    }
  }
}
