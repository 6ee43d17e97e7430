/**
 * Draw an input for an image classifier ([H, W, 1]) and see what the model makes of it: the
 * drawing is turned into an MNIST-style input (sketch-to-input.ts), shown as the model sees it,
 * and sent to the worker's `predict` while drawing (throttled) and when a stroke ends. The class
 * probabilities come back as bars. When the weights change (an epoch ends, a run stops, a reset)
 * the drawing is classified again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PredictionReport } from '../../../worker/protocol';
import { ClassProbabilities } from './ClassProbabilities';
import { SampleImage } from './SampleImage';
import { SketchPad } from './SketchPad';
import { sketchToInput, type InkImage } from './sketch-to-input';
import { setDrawnInput } from './drawn-input';

/** Request ids are unique per page, so an answer for an earlier drawing is never taken for the current one. */
let nextId = 1;

interface Props {
  /** [H, W, 1]. */
  inputShape: readonly number[];
  prediction: PredictionReport | null;
  /** A model is built and the GPU is usable. */
  canPredict: boolean;
  training: boolean;
  /** Changes whenever the weights may have changed. */
  modelVersion: string;
  onPredict: (id: number, input: Float32Array) => void;
}

export function DrawToClassify({ inputShape, prediction, canPredict, training, modelVersion, onPredict }: Props) {
  const [H, W] = inputShape;
  const [input, setInput] = useState<Float32Array | null>(null);
  /** Answers with a smaller id belong to an earlier drawing (before Clear). */
  const [firstId, setFirstId] = useState(Infinity);
  /** The id of the latest request; an answer with it is up to date with the pad. */
  const [lastId, setLastId] = useState(0);
  const latest = useRef({ input, canPredict, onPredict });
  latest.current = { input, canPredict, onPredict };

  const send = useCallback((x: Float32Array) => {
    const { canPredict: can, onPredict: predict } = latest.current;
    if (!can) return;
    const id = nextId++;
    setFirstId((f) => (f === Infinity ? id : f));
    setLastId(id);
    predict(id, x);
  }, []);

  const onInk = useCallback(
    (ink: InkImage | null) => {
      const x = ink ? sketchToInput(ink, W, H) : null;
      setInput(x);
      setDrawnInput(x);
      if (x) send(x);
      else setFirstId(Infinity);
    },
    [W, H, send],
  );

  // The pad goes away with this component: so does the shared drawing.
  useEffect(() => () => setDrawnInput(null), []);

  // New weights or a model that just became ready: classify the drawing on the pad again.
  useEffect(() => {
    const x = latest.current.input;
    if (x && canPredict) send(x);
  }, [modelVersion, canPredict, send]);

  const answer = input && prediction && prediction.id >= firstId ? prediction : null;
  const current = answer !== null && answer.id === lastId;
  return (
    <figure className="draw-classify" data-testid="draw-classify" data-current={current} aria-labelledby="draw-classify-title" aria-busy={answer !== null && !current}>
      <figcaption id="draw-classify-title" className="muted small">
        Draw a sample: the model classifies it as you draw
      </figcaption>
      <div className="draw-row">
        <SketchPad onInk={onInk} />
        <div className="draw-side">
          <div className="draw-input">
            {input ? (
              <SampleImage values={input} shape={[H, W, 1]} size={84} label={`The drawing as the model sees it, ${W} by ${H} pixels`} testId="sketch-input" />
            ) : (
              <div className="sample-image placeholder" style={{ width: 84, height: 84 }} aria-hidden="true" />
            )}
            <span className="muted small">
              model input {W}×{H}
            </span>
          </div>
          {!canPredict ? (
            <p className="muted small" data-testid="prediction-note">
              Build the model (it is built shortly after loading) to classify drawings.
            </p>
          ) : !input ? (
            <p className="muted small" data-testid="prediction-note">
              Draw with the mouse, a pen or a finger.
            </p>
          ) : answer?.message ? (
            <p className="field-error" role="alert" data-testid="prediction-error">
              {answer.message}
            </p>
          ) : answer?.probabilities ? (
            <ClassProbabilities probabilities={answer.probabilities} classNames={answer.classNames} />
          ) : (
            <p className="muted small" data-testid="prediction-note">
              Classifying…
            </p>
          )}
          {training && input && <p className="muted small">While training, each answer uses the weights of that moment.</p>}
        </div>
      </div>
    </figure>
  );
}
