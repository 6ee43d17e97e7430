/**
 * Which presets an export format can carry, so format tests iterate every preset and state each
 * exclusion with its reason instead of silently dropping it.
 */
import type { Preset } from '../../src/presets/presets';

export function unsupportedReason(p: Preset, supported: readonly string[], extra?: (p: Preset) => string | null): string | null {
  const missing = [...new Set(p.spec.layers.map((l) => l.type).filter((t) => !supported.includes(t)))];
  if (missing.length) return `no export for ${missing.join(', ')} yet`;
  return extra ? extra(p) : null;
}

export const hasConv = (p: Preset): boolean => p.spec.layers.some((l) => l.type === 'Conv2D');
