/**
 * The first rows of the chosen dataset as the worker sent them: an image grid, a 2D scatter, or a
 * table whose columns carry the dataset's feature names (a CSV upload's header) when known.
 */
import type { PreviewReport } from '../../../worker/protocol';
import { ImageGrid } from './ImageGrid';
import { PointScatter } from './PointScatter';
import { RowTable } from './RowTable';

export function labelsOf(p: PreviewReport): string[] {
  if (p.task === 'regression') {
    const per = p.count > 0 ? p.y.length / p.count : 1;
    return Array.from({ length: p.count }, (_, i) => Array.from(p.y.subarray(i * per, (i + 1) * per), (v) => v.toFixed(3)).join(', '));
  }
  return Array.from(p.y.subarray(0, p.count), (c) => p.classNames?.[c] ?? String(c));
}

export function DatasetPreview({ preview, featureNames }: { preview: PreviewReport; featureNames?: readonly string[] }) {
  const labels = labelsOf(preview);
  const shape = preview.inputShape;
  const width = shape.reduce((a, b) => a * b, 1);
  if (shape.length === 3 && preview.texts === null) return <ImageGrid x={preview.x} shape={shape} labels={labels} />;
  if (shape.length === 1 && shape[0] === 2) {
    return (
      <div className="preview-points">
        <PointScatter x={preview.x} labels={labels} classIds={preview.task === 'classification' ? preview.y : null} targets={preview.task === 'regression' ? preview.y : null} />
        <RowTable x={preview.x} width={2} labels={labels.slice(0, 8)} texts={null} ints={false} featureNames={featureNames} />
      </div>
    );
  }
  return <RowTable x={preview.x} width={width} labels={labels} texts={preview.texts} ints={preview.x instanceof Int32Array} featureNames={featureNames} />;
}
