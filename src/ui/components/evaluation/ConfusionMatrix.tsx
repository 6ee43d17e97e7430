/** Confusion matrix of the test set: rows are actual classes, columns predicted (by class name when the dataset has them); shaded by row share. */
import { classLabels } from './class-labels';
import { CLASS_RGB, rgb } from './colors';

export function ConfusionMatrix({ matrix, classNames }: { matrix: number[][]; classNames?: readonly string[] | null }) {
  const k = matrix.length;
  const label = classLabels(classNames, k);
  return (
    <figure className="confusion" data-testid="confusion-matrix">
      <figcaption className="muted small">Confusion matrix (test set)</figcaption>
      <table>
        <caption className="sr-only">Rows: actual class; columns: predicted class</caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Actual class</span>
            </th>
            {matrix.map((_, j) => (
              <th key={j} scope="col">
                <span className="sr-only">predicted </span>
                <span data-testid={`confusion-col-${j}`}>{label[j]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th scope="row">
                  <span className="swatch" style={{ background: rgb(CLASS_RGB[i % CLASS_RGB.length]) }} aria-hidden="true" />
                  <span className="sr-only">actual </span>
                  <span data-testid={`confusion-row-${i}`}>{label[i]}</span>
                </th>
                {row.map((v, j) => {
                  const share = v / total;
                  const on = i === j;
                  return (
                    <td
                      key={j}
                      style={{ background: on ? `rgba(22, 163, 74, ${0.12 + share * 0.6})` : share > 0 ? `rgba(220, 38, 38, ${0.08 + share * 0.6})` : undefined }}
                      title={`actual ${label[i]}, predicted ${label[j]}: ${v} (${(share * 100).toFixed(1)}%)`}
                      data-testid={`confusion-${i}-${j}`}
                    >
                      {v}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted small">rows actual · columns predicted{k > 12 ? ` · ${k} classes` : ''}</p>
    </figure>
  );
}
