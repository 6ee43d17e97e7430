/**
 * "Sample every N steps" (1..10000) for the shared layer-statistics watch: the field keeps what is
 * typed and sets the feed's interval whenever the text is a number (re-sending the watch).
 */
import { useEffect, useId, useState } from 'react';
import { clampEvery, EVERY_MAX, EVERY_MIN, statsFeed } from './stats-feed';

export function EveryControl({ every, feed = statsFeed }: { every: number; feed?: typeof statsFeed }) {
  const id = useId();
  const [text, setText] = useState(String(every));
  useEffect(() => setText((t) => (clampEvery(Number(t)) === every && t.trim() !== '' ? t : String(every))), [every]);
  return (
    <label className="stats-every small" htmlFor={id}>
      Sample every
      <input
        id={id}
        aria-label="Sample every N steps"
        type="number"
        min={EVERY_MIN}
        max={EVERY_MAX}
        step={1}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') feed.setEvery(Number(e.target.value));
        }}
        onBlur={() => setText(String(every))}
        data-testid="stats-every"
      />
      steps
    </label>
  );
}
