/** One metric over epochs (recharts): current train/validation lines plus earlier runs, dashed. */
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { ChartLine } from './series';

interface Props {
  title: string;
  lines: ChartLine[];
  logScale: boolean;
  format: (v: number) => string;
  testId: string;
  pointCount: number;
  domain?: [(min: number) => number, (max: number) => number];
}

export function MetricChart({ title, lines, logScale, format, testId, pointCount, domain }: Props) {
  const empty = lines.every((l) => l.data.length === 0);
  return (
    <figure className="chart" data-testid={testId} data-points={pointCount}>
      <figcaption>{title}</figcaption>
      {empty ? (
        <p className="muted chart-empty">Press Train to see the curves.</p>
      ) : (
        <LineChart responsive style={{ width: '100%', height: 230 }} margin={{ top: 6, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 'dataMax']}
            allowDuplicatedCategory={false}
            tickFormatter={(v: number) => String(Number(v.toPrecision(v < 1 ? 1 : 3)))}
            stroke="var(--muted)"
            fontSize={12}
          />
          <YAxis
            dataKey="y"
            scale={logScale ? 'log' : 'linear'}
            domain={domain ?? ['auto', 'auto']}
            allowDataOverflow
            tickFormatter={(v: number) => format(v)}
            stroke="var(--muted)"
            fontSize={12}
            width={56}
          />
          <Tooltip
            formatter={(v) => format(Number(v))}
            labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          {lines.map((l) => (
            <Line
              key={l.key}
              data={l.data}
              dataKey="y"
              name={l.name}
              type="linear"
              stroke={l.color}
              strokeWidth={l.width}
              strokeDasharray={l.dashed ? '5 4' : undefined}
              dot={l.key === 'validation' && l.data.length < 60 ? { r: 2 } : false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </figure>
  );
}
