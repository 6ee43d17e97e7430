/**
 * Downloads from the charts and the evaluation views: a Blob saved through an `<a download>`, and
 * the charts recharts drew (SVG) painted into a PNG with their titles and series key. The SVG's
 * colours come from CSS variables, so each element's computed paint is written inline into a copy
 * first (the standalone image has no stylesheet).
 */

/** Asks the browser to save `blob` as `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const saveText = (text: string, name: string, mime = 'text/csv;charset=utf-8'): void => saveBlob(new Blob([text], { type: mime }), name);

const PAINT = ['fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'opacity', 'font-family', 'font-size', 'font-weight', 'visibility'];

/** Copies each element's computed paint and font of `src` onto the same element of `dst` (a deep clone). */
function inlinePaint(src: Element, dst: Element): void {
  const cs = getComputedStyle(src);
  dst.setAttribute('style', PAINT.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';'));
  for (let i = 0; i < src.children.length && i < dst.children.length; i++) inlinePaint(src.children[i], dst.children[i]);
}

/** `svg` as a standalone SVG document with its computed colours. */
export function standaloneSvg(svg: SVGSVGElement): { text: string; width: number; height: number } {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const copy = svg.cloneNode(true) as SVGSVGElement;
  inlinePaint(svg, copy);
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  if (!copy.getAttribute('viewBox')) copy.setAttribute('viewBox', `0 0 ${width} ${height}`);
  return { text: new XMLSerializer().serializeToString(copy), width, height };
}

/** Draws an SVG document into `ctx` at (x, y), w by h. */
async function drawSvg(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, w: number, h: number): Promise<void> {
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    ctx.drawImage(img, x, y, w, h);
  } finally {
    URL.revokeObjectURL(url);
  }
}

export interface KeyEntry {
  label: string;
  color: string;
  dashed: boolean;
}

/**
 * A PNG of the charts inside `root` (each `figure` with an `svg`), side by side with their
 * captions, and the series key below; `scale` 2 for sharp text.
 */
export async function chartsPng(root: HTMLElement, key: readonly KeyEntry[], scale = 2): Promise<Blob> {
  const figures = [...root.querySelectorAll('figure')].flatMap((f) => {
    const svg = f.querySelector<SVGSVGElement>('svg.recharts-surface');
    return svg ? [{ title: f.querySelector('figcaption')?.textContent ?? '', svg: standaloneSvg(svg) }] : [];
  });
  if (figures.length === 0) throw new Error('there is no chart to save yet');
  const style = getComputedStyle(root);
  const font = style.fontFamily || 'sans-serif';
  const text = style.color || '#000';
  const background = opaque(style.backgroundColor) ? style.backgroundColor : '#ffffff';
  const pad = 12;
  const titleH = 22;
  const keyH = key.length ? 24 : 0;
  const width = figures.reduce((w, f) => w + f.svg.width, 0) + pad * (figures.length + 1);
  const height = pad + titleH + Math.max(...figures.map((f) => f.svg.height)) + keyH + pad;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw into a canvas');
  ctx.scale(scale, scale);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = text;
  ctx.textBaseline = 'middle';
  let x = pad;
  for (const f of figures) {
    ctx.font = `600 13px ${font}`;
    ctx.fillStyle = text;
    ctx.fillText(f.title, x, pad + titleH / 2);
    await drawSvg(ctx, f.svg.text, x, pad + titleH, f.svg.width, f.svg.height);
    x += f.svg.width + pad;
  }
  drawKey(ctx, key, pad, height - pad - keyH / 2, font, text);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be made'))), 'image/png'));
}

function drawKey(ctx: CanvasRenderingContext2D, key: readonly KeyEntry[], x0: number, y: number, font: string, text: string): void {
  let x = x0;
  ctx.font = `12px ${font}`;
  for (const k of key) {
    ctx.strokeStyle = k.color;
    ctx.lineWidth = 3;
    ctx.setLineDash(k.dashed ? [5, 4] : []);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 18, y);
    ctx.stroke();
    ctx.fillStyle = text;
    ctx.fillText(k.label, x + 24, y);
    x += 24 + ctx.measureText(k.label).width + 16;
  }
  ctx.setLineDash([]);
}

const opaque = (c: string): boolean => !!c && c !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(c);
