/**
 * One metric over epochs (recharts): earlier runs dashed, the current run's raw training points faint
 * behind its smoothed line, and its validation points. The axes come computed (axes.ts): an "Epoch"
 * x-axis and a y-domain that holds every plotted point, with distinct tick labels.
 */
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { AxisSpec } from './axes';
import type { ChartLine } from './series';

interface Props {
  title: string;
  lines: ChartLine[];
  x: AxisSpec;
  y: AxisSpec;
  /** Tooltip values. */
  format: (v: number) => string;
  testId: string;
  /** Recorded training and validation points of the current run (for tests and the CSV). */
  pointCount: number;
  valPointCount: number;
}

const HEIGHT = 240;

export function MetricChart({ title, lines, x, y, format, testId, pointCount, valPointCount }: Props) {
  const empty = lines.every((l) => l.data.length === 0);
  return (
    <figure className="chart" data-testid={testId} data-points={pointCount} data-val-points={valPointCount} data-scale={y.scale}>
      <figcaption>{title}</figcaption>
      {empty ? (
        <p className="muted chart-empty">Press Train to see the curves.</p>
      ) : (
        <LineChart responsive style={{ width: '100%', height: HEIGHT }} margin={{ top: 8, right: 14, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            type="number"
            domain={x.domain}
            ticks={x.ticks}
            allowDataOverflow
            allowDuplicatedCategory={false}
            tickFormatter={(v: number) => x.format(v)}
            stroke="var(--muted)"
            fontSize={12}
            height={40}
            label={{ value: 'Epoch', position: 'insideBottom', offset: 0, fill: 'var(--muted)', fontSize: 12, className: 'axis-title' }}
          />
          <YAxis
            dataKey="y"
            type="number"
            scale={y.scale}
            domain={y.domain}
            ticks={y.ticks}
            allowDataOverflow
            tickFormatter={(v: number) => y.format(v)}
            stroke="var(--muted)"
            fontSize={12}
            width={58}
          />
          <Tooltip
            formatter={(v) => format(Number(v))}
            labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          {lines.map((l) => (
            <Line
              key={l.key}
              className={`chart-line-${l.key}${l.raw ? ' chart-raw' : ''}`}
              data={l.data}
              dataKey="y"
              name={l.name}
              type="linear"
              stroke={l.color}
              strokeWidth={l.width}
              strokeOpacity={l.raw ? 0.25 : 1}
              strokeDasharray={l.dashed ? '5 4' : undefined}
              // Clipped to the plot area widened by a dot (clipDot: false), so a point on its edge (the last epoch's) shows whole.
              dot={l.key === 'validation' && l.data.length < 60 ? { r: 2.5, fill: l.color, clipDot: false } : false}
              activeDot={l.raw ? false : undefined}
              tooltipType={l.raw ? 'none' : undefined}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
