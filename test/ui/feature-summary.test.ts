/** The text form of non-image samples in the misclassified gallery. */
import { describe, expect, it } from 'vitest';
import { featureSummary } from '../../src/ui/components/evaluation/feature-summary';

describe('featureSummary', () => {
  it('lists narrow feature rows in full', () => {
    expect(featureSummary(new Float32Array([0.5, -1.25]))).toBe('0.50, -1.25');
  });

  it('lists the largest values of wide rows with their column, largest first', () => {
    const x = new Float32Array(1000);
    x[17] = 0.25;
    x[3] = -0.75;
    x[900] = 0.5;
    expect(featureSummary(x, 2)).toBe('x3 -0.75, x900 0.50');
    expect(featureSummary(new Float32Array(20))).toBe('all 20 features 0');
  });

  it('shows token ids without padding and says how many there are', () => {
    expect(featureSummary(new Int32Array([5, 9, 1, 0, 0]))).toBe('tokens #5 #9 #1');
    expect(featureSummary(Int32Array.from({ length: 10 }, (_, i) => i + 2), 2)).toBe('tokens #2 #3 #4 #5 … (10 in all)');
    expect(featureSummary(new Int32Array(4))).toBe('(empty)');
  });
});
