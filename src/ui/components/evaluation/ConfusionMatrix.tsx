/**
 * Confusion matrix of the test set: rows are the true classes, columns the predicted ones, labelled
 * by class name when the dataset has them (else the index), with "True" / "Predicted" axis titles;
 * shaded by row share. "Download CSV" saves it with the class names as header row and column.
 */
import { confusionCsv } from '../charts/csv';
import { saveText } from '../charts/download';
import { classLabels } from './class-labels';
import { CLASS_RGB, rgb } from './colors';
import './confusion.css';

export function ConfusionMatrix({ matrix, classNames }: { matrix: number[][]; classNames?: readonly string[] | null }) {
  const k = matrix.length;
  const label = classLabels(classNames, k);
  return (
    <figure className="confusion" data-testid="confusion-matrix">
      <figcaption className="confusion-head">
        <span className="muted small">Confusion matrix (test set)</span>
        <button type="button" className="small" onClick={() => saveText(confusionCsv(matrix, label), 'confusion-matrix.csv')} data-testid="confusion-download-csv">
          Download CSV
        </button>
      </figcaption>
      <div className="confusion-frame">
        <span className="confusion-axis confusion-axis-true" aria-hidden="true" data-testid="confusion-axis-true">
          True
        </span>
        <div className="confusion-body">
          <div className="confusion-axis confusion-axis-predicted" aria-hidden="true" data-testid="confusion-axis-predicted">
            Predicted
          </div>
          <table>
            <caption className="sr-only">Rows: true class; columns: predicted class</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">True class</span>
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
                      <span className="sr-only">true </span>
                      <span data-testid={`confusion-row-${i}`}>{label[i]}</span>
                    </th>
                    {row.map((v, j) => {
                      const share = v / total;
                      const on = i === j;
                      return (
                        <td
                          key={j}
                          style={{ background: on ? `rgba(22, 163, 74, ${0.12 + share * 0.6})` : share > 0 ? `rgba(220, 38, 38, ${0.08 + share * 0.6})` : undefined }}
                          title={`true ${label[i]}, predicted ${label[j]}: ${v} (${(share * 100).toFixed(1)}%)`}
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
        </div>
      </div>
      <p className="muted small">rows: true class · columns: predicted class{k > 12 ? ` · ${k} classes` : ''}</p>
    </figure>
  );
}
