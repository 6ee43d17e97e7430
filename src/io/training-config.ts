/**
 * The model's loss, optimizer and metrics in the training configs other frameworks save beside a
 * model, so a loaded model trains and evaluates without compiling again: Keras 3's
 * `compile_config` (config.json of a .keras file) and TF.js's `trainingConfig` (model.json, as
 * `LayersModel.save` writes it and `tf.loadLayersModel` restores it). Hyperparameters left out of
 * the spec take the optimizer table's defaults (Keras's). Not carried: weight decay (ours is an L2
 * term on kernels, Keras's and TF.js's optimizers decay every weight directly); TF.js optimizers
 * have no gradient clipping either, so clipNorm reaches Keras only (global_clipnorm). AdamW's
 * decoupled decay is carried to Keras (its AdamW decays every weight, as ours does). TF.js has no
 * optimizer for some of ours: tfjsRefusal says why, and model.json then has no trainingConfig;
 * likewise kerasRefusal (Keras 3's Nadam has another momentum schedule) and compile_config null.
 */
import { optimizerDefaults, type OptimizerHp } from '../engine/optimizers';
import { isRegressionLoss, LOSS_TABLE, lossSettings } from '../engine/losses';
import type { ModelSpec } from '../engine/spec';

type Json = Record<string, unknown>;

/** Keras 3's loss (an identifier, or a serialized loss where a setting is not Keras's default): the loss table's `keras`. */
const kerasLossOf = (spec: ModelSpec): string | Json => LOSS_TABLE[spec.loss].keras(lossSettings(spec.lossOptions));
const refusalOf = (v: unknown): string | null => (v !== null && typeof v === 'object' && typeof (v as { refuse?: unknown }).refuse === 'string' ? (v as { refuse: string }).refuse : null);

/** TF.js's loss identifier (snake case: TF.js camel-cases it on load): the loss table's `tfjs`, or its refusal. */
const tfjsLossOf = (spec: ModelSpec): string | { refuse: string } => LOSS_TABLE[spec.loss].tfjs(lossSettings(spec.lossOptions));

/** What the app reports beside the loss: accuracy for classifiers, mean absolute error for regression. */
function metrics(spec: ModelSpec): string[] {
  return [isRegressionLoss(spec.loss) ? 'mae' : 'accuracy'];
}

/** Why Keras 3 cannot train on with this spec's optimizer (null when it can). */
export function kerasRefusal(spec: ModelSpec): string | null {
  const o = optimizerDefaults(spec.optimizer);
  if (o.type === 'nadam' && o.momentumDecay !== 1) return `Keras 3's Nadam fixes the momentum decay at 1 (0.96^t); this NAdam's is ${o.momentumDecay} (torch.optim.NAdam's 0.96^(t*${o.momentumDecay}))`;
  return refusalOf(kerasLossOf(spec));
}

/** Keras 3's optimizer serialization (`keras.saving.serialize_keras_object`), backend-neutral module. */
function kerasOptimizer(spec: ModelSpec): Json {
  const o = optimizerDefaults(spec.optimizer);
  const base = {
    learning_rate: o.lr, weight_decay: null, clipnorm: null, global_clipnorm: spec.clipNorm ?? null, clipvalue: null,
    use_ema: false, ema_momentum: 0.99, ema_overwrite_frequency: null, loss_scale_factor: null, gradient_accumulation_steps: null,
  };
  const [className, name, own] = ((): [string, string, Json] => {
    switch (o.type) {
      case 'sgd': {
        const s = o as OptimizerHp<'sgd'>;
        return ['SGD', 'sgd', { momentum: s.momentum, nesterov: s.nesterov }];
      }
      case 'adagrad': {
        const a = o as OptimizerHp<'adagrad'>;
        return ['Adagrad', 'adagrad', { initial_accumulator_value: a.initialAccumulator, epsilon: a.epsilon }];
      }
      case 'rmsprop': {
        const r = o as OptimizerHp<'rmsprop'>;
        return ['RMSprop', 'rmsprop', { rho: r.rho, momentum: 0, epsilon: r.epsilon, centered: false }];
      }
      case 'adam': {
        const a = o as OptimizerHp<'adam'>;
        return ['Adam', 'adam', { beta_1: a.beta1, beta_2: a.beta2, epsilon: a.epsilon, amsgrad: a.amsgrad }];
      }
      case 'adamw': {
        const a = o as OptimizerHp<'adamw'>;
        return ['AdamW', 'adamw', { beta_1: a.beta1, beta_2: a.beta2, epsilon: a.epsilon, amsgrad: a.amsgrad, weight_decay: a.weightDecay }];
      }
      case 'adamax': {
        // Keras adds epsilon after the max, torch (ours) inside it: the same rule up to ~epsilon.
        const a = o as OptimizerHp<'adamax'>;
        return ['Adamax', 'adamax', { beta_1: a.beta1, beta_2: a.beta2, epsilon: a.epsilon }];
      }
      case 'nadam': {
        const a = o as OptimizerHp<'nadam'>; // momentum decay 1 only (kerasRefusal)
        return ['Nadam', 'nadam', { beta_1: a.beta1, beta_2: a.beta2, epsilon: a.epsilon }];
      }
      case 'adadelta': {
        const a = o as OptimizerHp<'adadelta'>;
        return ['Adadelta', 'adadelta', { rho: a.rho, epsilon: a.epsilon }];
      }
      case 'lion': {
        const l = o as OptimizerHp<'lion'>;
        return ['Lion', 'lion', { beta_1: l.beta1, beta_2: l.beta2, weight_decay: l.weightDecay || null }];
      }
    }
  })();
  return { module: 'keras.optimizers', class_name: className, config: { name, ...base, ...own }, registered_name: null };
}

/** Why TF.js cannot train on with this spec's optimizer (null when it can): TF.js 4 has no such optimizer or option. */
export function tfjsRefusal(spec: ModelSpec): string | null {
  const o = optimizerDefaults(spec.optimizer);
  if (o.type === 'adamw') return 'TF.js has no AdamW (no decoupled weight decay in tf.train)';
  if (o.type === 'adam' && o.amsgrad) return 'TF.js has no AMSGrad (tf.train.adam has no amsgrad option)';
  if (o.type === 'nadam') return 'TF.js has no NAdam (tf.train has no Nesterov Adam)';
  if (o.type === 'lion') return 'TF.js has no Lion (tf.train has no sign-momentum optimizer)';
  const loss = tfjsLossOf(spec);
  if (typeof loss !== 'string') return loss.refuse;
  return null;
}

/**
 * config.json's text with whole-number learning rates written as floats (`1.0`): Keras 3 refuses
 * an int learning_rate ("should be float"), and JSON.stringify writes 1 for 1.0.
 */
export function kerasFloatLearningRate(json: string): string {
  return json.replace(/"learning_rate":(-?\d+)(?=[,}])/g, '"learning_rate":$1.0');
}

/** config.json's `compile_config`, as `Model.get_compile_config()` gives it after `compile(optimizer, loss, metrics)`; null where kerasRefusal gives a reason. */
export function kerasCompileConfig(spec: ModelSpec): Json | null {
  if (kerasRefusal(spec)) return null;
  return {
    optimizer: kerasOptimizer(spec),
    loss: kerasLossOf(spec),
    loss_weights: null,
    metrics: metrics(spec),
    weighted_metrics: null,
    run_eagerly: false,
    steps_per_execution: 1,
    jit_compile: false,
  };
}

/** model.json's `trainingConfig`, as TF.js's `LayersModel.getTrainingConfig()` writes it; null where tfjsRefusal gives a reason. */
export function tfjsTrainingConfig(spec: ModelSpec): Json | null {
  if (tfjsRefusal(spec)) return null;
  const o = optimizerDefaults(spec.optimizer);
  let optimizer: Json;
  switch (o.type) {
    case 'sgd': {
      const s = o as OptimizerHp<'sgd'>;
      optimizer = s.momentum > 0
        ? { class_name: 'Momentum', config: { learningRate: s.lr, momentum: s.momentum, useNesterov: s.nesterov } }
        : { class_name: 'SGD', config: { learningRate: s.lr } };
      break;
    }
    case 'adagrad': {
      const a = o as OptimizerHp<'adagrad'>;
      optimizer = { class_name: 'Adagrad', config: { learningRate: a.lr, initialAccumulatorValue: a.initialAccumulator } };
      break;
    }
    case 'rmsprop': {
      const r = o as OptimizerHp<'rmsprop'>;
      optimizer = { class_name: 'RMSProp', config: { learningRate: r.lr, decay: r.rho, momentum: 0, epsilon: r.epsilon, centered: false } };
      break;
    }
    case 'adam': {
      const a = o as OptimizerHp<'adam'>;
      optimizer = { class_name: 'Adam', config: { learningRate: a.lr, beta1: a.beta1, beta2: a.beta2, epsilon: a.epsilon } };
      break;
    }
    case 'adamax': {
      // TF.js adds epsilon after the max (as Keras does), torch (ours) inside it.
      const a = o as OptimizerHp<'adamax'>;
      optimizer = { class_name: 'Adamax', config: { learningRate: a.lr, beta1: a.beta1, beta2: a.beta2, epsilon: a.epsilon, decay: 0 } };
      break;
    }
    case 'adadelta': {
      const a = o as OptimizerHp<'adadelta'>;
      optimizer = { class_name: 'Adadelta', config: { learningRate: a.lr, rho: a.rho, epsilon: a.epsilon } };
      break;
    }
    default:
      return null;
  }
  return { loss: tfjsLossOf(spec), metrics: metrics(spec), optimizer_config: optimizer };
}
