/** activation.wgsl and elementwise.wgsl against the float64 reference (elementwise tolerance). */
import { describe, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { activationGradRef, activationRef, eluGradRef, eluRef, leakyReluGradRef, leakyReluRef, swishGradRef, type Activation } from '../../src/engine/reference/activations';
import { ACT_CODE as ACT } from '../../src/engine/layers/activation-codes';

describe('activation kernels', () => {
  for (const act of Object.keys(ACT) as Activation[]) {
    for (const E of [1, 3, 17, 65, 257, 1000]) {
      it(`${act} E=${E} forward and backward`, async () => {
        const { device, pipelines } = await gpu();
        const x = seededArray(E, E + 1, -3, 3);
        const [, y] = await runKernelOnce(device, pipelines, 'activation_forward', { E, ACT: ACT[act] }, [{ data: x }, { data: E }], [Math.ceil(E / 256)]);
        const yRef = activationRef(x, 1, E, act);
        expectClose(y, yRef, 1e-4, 1e-5, 'y');
        const dy = seededArray(E, E + 2);
        const y32 = Float32Array.from(yRef);
        const [, , dx] = await runKernelOnce(device, pipelines, 'activation_backward', { E, ACT: ACT[act], ACCUMULATE: false }, [{ data: dy }, { data: y32 }, { data: E }], [Math.ceil(E / 256)]);
        expectClose(dx, activationGradRef(dy, y32, 1, E, act), 1e-4, 1e-5, 'dx');
      });
    }
  }

  for (const [name, act, key, a, f, g] of [
    ['LeakyReLU(0.05)', 'leaky_relu', 'LEAKY_SLOPE', 0.05, leakyReluRef, leakyReluGradRef],
    ['ELU(0.5)', 'elu', 'ELU_ALPHA', 0.5, eluRef, eluGradRef],
    ['ELU(2.5)', 'elu', 'ELU_ALPHA', 2.5, eluRef, eluGradRef],
  ] as const) {
    it(`${name}: the layer's parameter as an override constant`, async () => {
      const { device, pipelines } = await gpu();
      const E = 300;
      const x = seededArray(E, 9, -4, 4);
      const [, y] = await runKernelOnce(device, pipelines, 'activation_forward', { E, ACT: ACT[act], [key]: a }, [{ data: x }, { data: E }], [2]);
      const yRef = f(x, a);
      expectClose(y, yRef, 1e-5, 1e-6, 'y');
      const dy = seededArray(E, 10);
      const y32 = Float32Array.from(yRef);
      const [, , dx] = await runKernelOnce(device, pipelines, 'activation_backward', { E, ACT: ACT[act], ACCUMULATE: false, [key]: a }, [{ data: dy }, { data: y32 }, { data: E }], [2]);
      expectClose(dx, g(dy, y32, a), 1e-5, 1e-6, 'dx');
    });
  }

  for (const E of [1, 257, 1000]) {
    it(`swish (gelu.wgsl FN 1) E=${E} forward and backward`, async () => {
      const { device, pipelines } = await gpu();
      const x = seededArray(E, E + 3, -6, 6);
      const g: [number] = [Math.ceil(E / 256)];
      const [, y] = await runKernelOnce(device, pipelines, 'gelu_forward', { E, FN: 1 }, [{ data: x }, { data: E }], g);
      expectClose(y, activationRef(x, 1, E, 'swish'), 1e-5, 1e-6, 'y');
      const dy = seededArray(E, E + 4);
      const prior = seededArray(E, E + 5);
      const [, , dx] = await runKernelOnce(device, pipelines, 'gelu_backward', { E, FN: 1, ACCUMULATE: true }, [{ data: dy }, { data: x }, { data: prior }], g);
      const ref = swishGradRef(x, dy).map((v, i) => v + prior[i]);
      expectClose(dx, ref, 1e-5, 1e-6, 'dx');
    });
  }

  for (const [R, C] of [[1, 1], [3, 10], [17, 3], [65, 257]]) {
    it(`softmax R=${R} C=${C} forward and backward`, async () => {
      const { device, pipelines } = await gpu();
      const x = seededArray(R * C, R + C, -5, 5);
      const [, y] = await runKernelOnce(device, pipelines, 'softmax_forward', { R, C }, [{ data: x }, { data: R * C }], [Math.ceil(R / 64)]);
      const yRef = activationRef(x, R, C, 'softmax');
      expectClose(y, yRef, 1e-4, 1e-6, 'softmax y');
      const dy = seededArray(R * C, 5);
      const y32 = Float32Array.from(yRef);
      const [, , dx] = await runKernelOnce(device, pipelines, 'softmax_backward', { R, C, ACCUMULATE: false }, [{ data: dy }, { data: y32 }, { data: R * C }], [Math.ceil(R / 64)]);
      expectClose(dx, activationGradRef(dy, y32, R, C, 'softmax'), 1e-4, 1e-5, 'softmax dx');
    });
  }

  it('add_forward and copy_backward (with accumulation)', async () => {
    const { device, pipelines } = await gpu();
    const E = 257;
    const a = seededArray(E, 1);
    const b = seededArray(E, 2);
    const [, , y] = await runKernelOnce(device, pipelines, 'add_forward', { E }, [{ data: a }, { data: b }, { data: E }], [2]);
    expectClose(y, a.map((v, i) => v + b[i]), 0, 1e-7, 'add');
    const [, dx] = await runKernelOnce(device, pipelines, 'copy_backward', { E, ACCUMULATE: true }, [{ data: a }, { data: b }], [2]);
    expectClose(dx, a.map((v, i) => v + b[i]), 0, 1e-7, 'copy accumulate');
    const [, dx2] = await runKernelOnce(device, pipelines, 'copy_backward', { E, ACCUMULATE: false }, [{ data: a }, { data: b }], [2]);
    expectClose(dx2, a, 0, 0, 'copy');
  });
});
