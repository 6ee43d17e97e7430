/**
 * Reserved place for interactive inputs of image models (a draw-a-digit canvas that sends the
 * drawing to the worker's predict and shows the class probabilities). It renders nothing until the
 * image datasets land: then show it when the dataset's input shape is [H, W, 1].
 */
export function InputSketchSlot({ inputShape }: { inputShape: readonly number[] }) {
  if (inputShape.length !== 3) return null;
  return (
    <div className="sketch-slot muted small" data-testid="sketch-slot">
      Drawing your own input arrives with the image datasets.
    </div>
  );
}
