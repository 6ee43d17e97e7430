/**
 * The inspector's 2D padding field (ZeroPadding2D's `padding`): one, two or four whole numbers
 * parse to the three Keras forms and show back as typed; a project's stored value is type-checked.
 */
import { describe, expect, it } from 'vitest';
import { formatField, parseField } from '../../src/ui/model/fields';
import { layerProblem } from '../../src/ui/project/validate-layers';
import { layerDef } from '../../src/engine/layers/registry';

const field = layerDef('ZeroPadding2D')!.fields.find((f) => f.key === 'padding')!;

describe('the pad2 field', () => {
  it('parses one number, height and width, or top, bottom, left, right; shows them back', () => {
    expect(field.kind).toBe('pad2');
    expect(parseField(field, '2')).toEqual({ value: 2 });
    expect(parseField(field, '1, 3')).toEqual({ value: [1, 3] });
    expect(parseField(field, '2, 0, 1, 3')).toEqual({ value: [[2, 0], [1, 3]] });
    expect(parseField(field, '((2, 0), (1, 3))')).toEqual({ value: [[2, 0], [1, 3]] });
    expect(parseField(field, '')).toEqual({ value: undefined });
    expect(formatField(field, [[2, 0], [1, 3]])).toBe('2, 0, 1, 3');
    expect(formatField(field, [1, 3])).toBe('1, 3');
  });

  it('refuses three numbers, negatives and fractions', () => {
    for (const t of ['1, 2, 3', '-1', '1.5', 'a']) expect(parseField(field, t)).toEqual({ error: 'Enter one, two (height, width) or four (top, bottom, left, right) whole numbers' });
  });

  it('a stored padding must be a number, a pair or a pair of pairs', () => {
    const layer = (padding: unknown) => ({ id: 'p', type: 'ZeroPadding2D', padding, inputs: [] });
    expect(layerProblem(layer([[1, 2], [3, 4]]), 0)).toBeNull();
    expect(layerProblem(layer([1, 2]), 0)).toBeNull();
    expect(layerProblem(layer('1'), 0)).toBe('layer "p" padding must be a number, a [height, width] pair or [[top, bottom], [left, right]]');
    expect(layerProblem(layer([[1, 2], 3]), 0)).toMatch(/padding must be a number/);
  });
});
