/**
 * The first rows of a dataset as a table: the label, then the text or the first values of each
 * row. Columns are named by the dataset's feature names (a CSV's header) when it has them.
 */
import { memo } from 'react';

interface Props {
  x: Float32Array | Int32Array;
  width: number;
  labels: readonly string[];
  texts: readonly string[] | null;
  ints: boolean;
  /** One per feature (width of them), else columns read x0, x1... (t0, t1... for token ids). */
  featureNames?: readonly string[];
}

/** Values shown per row; wider rows end with "…". */
const MAX_COLUMNS = 8;

export const RowTable = memo(function RowTable({ x, width, labels, texts, ints, featureNames }: Props) {
  const shown = Math.min(width, MAX_COLUMNS);
  const names = featureNames && featureNames.length === width ? featureNames : null;
  const fmt = (v: number) => (ints ? String(v) : Number.isInteger(v) ? String(v) : v.toFixed(3));
  return (
    <div className="preview-table-wrap">
      <table className="preview-table" data-testid="preview-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">label</th>
            {texts ? (
              <th scope="col">text</th>
            ) : (
              Array.from({ length: shown }, (_, j) => (
                <th scope="col" key={j}>
                  {names ? names[j] : ints ? `t${j}` : `x${j}`}
                </th>
              ))
            )}
            {!texts && width > shown && <th scope="col">… {width - shown} more</th>}
          </tr>
        </thead>
        <tbody>
          {labels.map((label, i) => (
            <tr key={i} data-testid="preview-row">
              <td>{i + 1}</td>
              <td data-testid="preview-label">{label}</td>
              {texts ? (
                <td className="preview-text">{texts[i]}</td>
              ) : (
                Array.from({ length: shown }, (_, j) => <td key={j}>{fmt(x[i * width + j])}</td>)
              )}
              {!texts && width > shown && <td>…</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
