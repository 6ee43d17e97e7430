/**
 * A square pad to draw on with a mouse, a pen or a finger (pointer events, captured so a stroke
 * may leave the pad): white strokes on black. Reports the ink while drawing at most once per
 * `intervalMs` and once more when a stroke ends; Clear (the button, or Delete / Backspace on the
 * focused pad) wipes it.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { inkFromRgba, type InkImage } from './sketch-to-input';

const SIZE = 224;
/** Pen width in pad pixels: about 2.5 px of a 28 px image once the ink is scaled to its 20 px box. */
const PEN = 22;

interface Props {
  /** The drawing so far (null after Clear); `final` when a stroke has just ended. */
  onInk: (ink: InkImage | null, final: boolean) => void;
  intervalMs?: number;
  disabled?: boolean;
}

export function SketchPad({ onInk, intervalMs = 150, disabled = false }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ id: number; x: number; y: number } | null>(null);
  const lastEmit = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onInkRef = useRef(onInk);
  onInkRef.current = onInk;
  const [empty, setEmpty] = useState(true);

  const context = () => ref.current?.getContext('2d', { willReadFrequently: true }) ?? null;

  const wipe = useCallback(() => {
    const ctx = context();
    if (!ctx) return;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
  }, []);

  useEffect(() => {
    wipe();
    return () => {
      if (timer.current !== null) clearTimeout(timer.current);
    };
  }, [wipe]);

  const emit = useCallback((final: boolean) => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    lastEmit.current = performance.now();
    const ctx = context();
    if (!ctx) return;
    onInkRef.current(inkFromRgba(ctx.getImageData(0, 0, SIZE, SIZE).data, SIZE, SIZE), final);
  }, []);

  /** While drawing: report now if the last report is old enough, else once the interval is over. */
  const schedule = useCallback(() => {
    if (timer.current !== null) return;
    const wait = intervalMs - (performance.now() - lastEmit.current);
    if (wait <= 0) emit(false);
    else timer.current = setTimeout(() => emit(false), wait);
  }, [emit, intervalMs]);

  const point = (e: { clientX: number; clientY: number }) => {
    const r = ref.current!.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * SIZE) / r.width, y: ((e.clientY - r.top) * SIZE) / r.height };
  };

  const segment = (x0: number, y0: number, x1: number, y1: number) => {
    const ctx = context();
    if (!ctx) return;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = PEN;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  };

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (disabled || drawing.current || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    drawing.current = { id: e.pointerId, ...p };
    segment(p.x, p.y, p.x, p.y);
    setEmpty(false);
    schedule();
  };

  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drawing.current;
    if (!d || d.id !== e.pointerId) return;
    const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
    for (const ev of events.length > 0 ? events : [e.nativeEvent]) {
      const p = point(ev);
      segment(d.x, d.y, p.x, p.y);
      d.x = p.x;
      d.y = p.y;
    }
    schedule();
  };

  const onPointerEnd = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drawing.current;
    if (!d || d.id !== e.pointerId) return;
    drawing.current = null;
    emit(true);
  };

  const clear = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    drawing.current = null;
    wipe();
    setEmpty(true);
    onInkRef.current(null, true);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      clear();
    }
  };

  return (
    <div className="sketch-pad">
      <canvas
        ref={ref}
        width={SIZE}
        height={SIZE}
        tabIndex={0}
        aria-label="Drawing pad: draw with the mouse, a pen or a finger; Delete clears it"
        aria-disabled={disabled || undefined}
        data-testid="sketch-canvas"
        data-empty={empty}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onKeyDown={onKeyDown}
      />
      <button type="button" className="small" onClick={clear} data-testid="sketch-clear" aria-label="Clear drawing">
        Clear
      </button>
    </div>
  );
}
