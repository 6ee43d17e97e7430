/** One bar per class with its probability; the most likely class is highlighted. */
interface Props {
  probabilities: Float32Array;
  classNames: readonly string[];
}

export function ClassProbabilities({ probabilities, classNames }: Props) {
  const probs = Array.from(probabilities);
  let top = 0;
  probs.forEach((p, i) => {
    if (p > probs[top]) top = i;
  });
  const name = (i: number) => classNames[i] ?? String(i);
  return (
    <div className="class-probs" data-testid="class-probabilities" data-top={top}>
      <p className="probs-top" aria-live="polite" data-testid="prediction-top">
        Prediction: <strong>{name(top)}</strong> ({(probs[top] * 100).toFixed(1)}%)
      </p>
      <ol className="probs-list" aria-label="Probability of each class">
        {probs.map((p, i) => (
          <li key={i} className={i === top ? 'top' : undefined} data-testid="class-probability" data-class={i} data-probability={p}>
            <span className="probs-name">{name(i)}</span>
            <span className="probs-track" aria-hidden="true">
              <span className="probs-bar" style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
            </span>
            <span className="probs-value">{(p * 100).toFixed(1)}%</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
