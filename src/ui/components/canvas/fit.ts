/**
 * Fitting the graph into the canvas without making it unreadable: the fit zooms out only as far
 * as node text stays at least 11 px on screen. A graph that does not fit at that zoom is shown from
 * its top (the input layer) and centred across when it fits across; the user pans or scrolls for the rest.
 */

/** The smallest node text size, in px at zoom 1, when none is rendered to measure (canvas.css keeps node text at 12 px or more). */
export const NODE_TEXT_PX = 12;
/** The smallest on-screen text size a fit may produce. */
export const READABLE_PX = 11;
/** The zoom at which node text is READABLE_PX on screen. */
export const READABLE_ZOOM = READABLE_PX / NODE_TEXT_PX;
/** How far the user may zoom out by hand (an overview; the minimap helps too). */
export const MIN_ZOOM = 0.1;
export const MAX_FIT_ZOOM = 1.1;
/** Graphs with more layers than this show a minimap. */
export const MINIMAP_ABOVE = 12;
/** ... and only in a canvas at least this big (in a narrow one it would cover the graph); it sits top right, where a graph fitted from its top (centred) leaves room. */
export const MINIMAP_MIN_BOX = { width: 440, height: 320 };

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/** The zoom at which text of `textPx` (at zoom 1) is READABLE_PX on screen. */
export const readableZoom = (textPx: number): number => READABLE_PX / (textPx > 0 ? textPx : NODE_TEXT_PX);

/** The smallest font size (px) of the text in the rendered nodes under `root`, or NODE_TEXT_PX when there is none. */
export function smallestNodeText(root: Element): number {
  let min = Infinity;
  for (const el of root.querySelectorAll('.react-flow__node *')) {
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim())) continue;
    const px = Number.parseFloat(getComputedStyle(el).fontSize);
    if (px > 0 && px < min) min = px;
  }
  return Number.isFinite(min) ? min : NODE_TEXT_PX;
}

/** The viewport showing `bounds` (flow coordinates) in a `width` x `height` canvas, never below `minZoom` (readable text). */
export function readableViewport(bounds: Box, width: number, height: number, minZoom = READABLE_ZOOM, pad = 24): Viewport {
  const w = Math.max(1, width - 2 * pad);
  const h = Math.max(1, height - 2 * pad);
  const fit = Math.min(w / Math.max(1, bounds.width), h / Math.max(1, bounds.height), MAX_FIT_ZOOM);
  const zoom = Math.max(fit, minZoom);
  const cx = bounds.x + bounds.width / 2;
  const x = bounds.width * zoom <= w ? width / 2 - cx * zoom : pad - bounds.x * zoom;
  const y = bounds.height * zoom <= h ? height / 2 - (bounds.y + bounds.height / 2) * zoom : pad - bounds.y * zoom;
  return { x, y, zoom };
}
