/**
 * "Try a sentence" for text classifiers: the typed text is encoded like the dataset's training
 * texts (in the worker) and classified as you type; the words the vocabulary does not know are
 * marked, since the model reads them all as one unknown word. Models with attention offer to show
 * the attention maps of the same text.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PredictionReport } from '../../../worker/protocol';
import { ClassProbabilities } from './ClassProbabilities';

interface Props {
  prediction: PredictionReport | null;
  canPredict: boolean;
  training: boolean;
  /** Changes whenever the weights may have changed. */
  modelVersion: string;
  onPredictText: (id: number, text: string) => void;
  /** Present for models with attention: show the maps of this text. */
  onShowAttention?: (text: string) => void;
}

/** Typing pauses this long before a request goes out. */
const DEBOUNCE_MS = 150;
/** Ids shared with draw-to-classify's requests (both answer through `prediction`). */
let nextId = 1_000_000;

export function TrySentence({ prediction, canPredict, training, modelVersion, onPredictText, onShowAttention }: Props) {
  const [text, setText] = useState('');
  const [lastId, setLastId] = useState(0);
  const [firstId, setFirstId] = useState(Infinity);
  const latest = useRef({ text, canPredict, onPredictText });
  latest.current = { text, canPredict, onPredictText };

  const send = useCallback(() => {
    const { text: t, canPredict: can, onPredictText: predict } = latest.current;
    if (!can || t.trim() === '') return;
    const id = nextId++;
    setFirstId((f) => (f === Infinity ? id : f));
    setLastId(id);
    predict(id, t);
  }, []);

  // Classify while typing (debounced), and again whenever the weights change.
  useEffect(() => {
    const timer = setTimeout(send, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, send]);
  useEffect(() => {
    if (canPredict) send();
  }, [modelVersion, canPredict, send]);

  const answer = text.trim() !== '' && prediction && prediction.id >= firstId ? prediction : null;
  const current = answer !== null && answer.id === lastId;
  const unknown = answer?.words?.filter((w) => !w.known).length ?? 0;
  return (
    <figure className="try-sentence" data-testid="try-sentence" data-current={current} aria-busy={answer !== null && !current}>
      <figcaption className="muted small">
        <label htmlFor="try-sentence-text">Try a sentence: the model classifies it as you type</label>
      </figcaption>
      <textarea
        id="try-sentence-text"
        rows={2}
        value={text}
        maxLength={2000}
        placeholder="e.g. the film was not good at all"
        onChange={(e) => setText(e.target.value)}
        data-testid="try-sentence-text"
      />
      {!canPredict ? (
        <p className="muted small" data-testid="try-sentence-note">
          Build the model (it is built shortly after loading) to classify text.
        </p>
      ) : text.trim() === '' ? (
        <p className="muted small" data-testid="try-sentence-note">
          Type a few words.
        </p>
      ) : answer?.message ? (
        <p className="field-error" role="alert" data-testid="try-sentence-error">
          {answer.message}
        </p>
      ) : answer?.probabilities ? (
        <>
          {answer.words && (
            <p className="try-words small" data-testid="try-sentence-words">
              {answer.words.map((w, i) => (
                <span key={i} className={w.known ? 'word' : 'word unknown'} title={w.known ? undefined : 'Not in the vocabulary: read as <oov>'}>
                  {w.word}
                </span>
              ))}
              {unknown > 0 && <span className="muted"> · {unknown === 1 ? '1 word' : `${unknown} words`} not in the vocabulary</span>}
            </p>
          )}
          <ClassProbabilities probabilities={answer.probabilities} classNames={answer.classNames} />
        </>
      ) : (
        <p className="muted small" data-testid="try-sentence-note">
          Classifying…
        </p>
      )}
      {onShowAttention && text.trim() !== '' && (
        <button type="button" className="small" onClick={() => onShowAttention(text)} data-testid="try-sentence-attention">
          Show its attention maps
        </button>
      )}
      {training && text.trim() !== '' && <p className="muted small">While training, each answer uses the weights of that moment.</p>}
    </figure>
  );
}
