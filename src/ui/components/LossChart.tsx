/** Loss curves: training loss per metric readback and validation loss per epoch, x in epochs. */
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatLoss } from '../format';
import type { LossPoint } from '../state';

interface Props {
  train: LossPoint[];
  validation: LossPoint[];
}

interface Row {
  x: number;
  train?: number;
  validation?: number;
}

export function LossChart({ train, validation }: Props) {
  const data = useMemo(() => merge(train, validation), [train, validation]);
  return (
    <figure className="panel chart">
      <figcaption>Loss</figcaption>
      {data.length === 0 ? (
        <p className="muted chart-empty">Press Train to see the loss curves.</p>
      ) : (
        <LineChart responsive data={data} style={{ width: '100%', height: 280 }} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis
            dataKey="x"
            type="number"
            domain={[0, 'dataMax']}
            tickFormatter={(v: number) => String(Math.round(v * 10) / 10)}
            stroke="var(--muted)"
            label={{ value: 'epoch', position: 'insideBottomRight', offset: -4, fill: 'var(--muted)' }}
          />
          <YAxis scale="log" domain={['auto', 'auto']} allowDataOverflow tickFormatter={(v: number) => formatLoss(v).replace(/0+$/, '').replace(/\.$/, '')} stroke="var(--muted)" width={64} />
          <Tooltip
            formatter={(v) => formatLoss(Number(v))}
            labelFormatter={(v) => `epoch ${Number(v).toFixed(2)}`}
            contentStyle={{ background: 'var(--panel)', border: '1px solid var(--border)', color: 'var(--text)' }}
          />
          <Legend />
          <Line name="train" dataKey="train" type="linear" stroke="var(--train)" dot={false} connectNulls isAnimationActive={false} />
          <Line name="validation" dataKey="validation" type="linear" stroke="var(--val)" dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      )}
    </figure>
  );
}

function merge(train: LossPoint[], validation: LossPoint[]): Row[] {
  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  while (i < train.length || j < validation.length) {
    if (j >= validation.length || (i < train.length && train[i].x <= validation[j].x)) rows.push({ x: train[i].x, train: train[i++].loss });
    else rows.push({ x: validation[j].x, validation: validation[j++].loss });
  }
  return rows;
}
