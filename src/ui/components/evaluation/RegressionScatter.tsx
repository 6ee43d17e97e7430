/** Predictions against targets on the test set (SVG), with the y = x line a perfect model would sit on. */
const W = 260;
const H = 220;
const PAD = 30;

export function RegressionScatter({ points }: { points: { target: number; prediction: number }[] }) {
  const all = points.flatMap((p) => [p.target, p.prediction]).filter(Number.isFinite);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const sx = (v: number) => PAD + ((v - lo) / span) * (W - PAD - 8);
  const sy = (v: number) => H - PAD - ((v - lo) / span) * (H - PAD - 8);
  return (
    <figure className="scatter" data-testid="regression-scatter">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={`Predictions against targets for ${points.length} test samples`}>
        <line x1={sx(lo)} y1={sy(lo)} x2={sx(hi)} y2={sy(hi)} className="diag" />
        <line x1={PAD} y1={H - PAD} x2={W - 8} y2={H - PAD} className="axis" />
        <line x1={PAD} y1={8} x2={PAD} y2={H - PAD} className="axis" />
        {points.map((p, i) => (
          <circle key={i} cx={sx(p.target)} cy={sy(p.prediction)} r={2.2} className="dot" />
        ))}
        <text x={W / 2} y={H - 6} textAnchor="middle" className="axis-label">
          target
        </text>
        <text x={10} y={H / 2} textAnchor="middle" className="axis-label" transform={`rotate(-90 10 ${H / 2})`}>
          prediction
        </text>
        <text x={PAD} y={H - PAD + 14} className="tick">
          {lo.toPrecision(2)}
        </text>
        <text x={W - 8} y={H - PAD + 14} textAnchor="end" className="tick">
          {hi.toPrecision(2)}
        </text>
      </svg>
      <figcaption className="muted small">Test predictions vs targets (dots on the diagonal are exact)</figcaption>
    </figure>
  );
}
