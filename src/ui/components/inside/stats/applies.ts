/**
 * When the layer-statistics views (Distributions, Layer health) are offered: the built model has
 * parameters, so at least one layer has weights to sample.
 */
import type { InsideContext } from '../inside-view';

export const statsApply = (ctx: InsideContext): boolean => (ctx.model?.paramCount ?? 0) > 0;
