/**
 * A list of problems (e.g. every mismatch of an imported weights file) that stays small however
 * long the list is: the first `max` items, then "and K more".
 */
const MAX_PROBLEMS_SHOWN = 20;

export function ProblemList({ problems, max = MAX_PROBLEMS_SHOWN, testId }: { problems: readonly string[]; max?: number; testId?: string }) {
  if (problems.length === 0) return null;
  const more = problems.length - max;
  return (
    <ul data-testid={testId}>
      {problems.slice(0, max).map((p, i) => (
        <li key={i}>{p.length > 500 ? `${p.slice(0, 500)}…` : p}</li>
      ))}
      {more > 0 && (
        <li className="muted" data-testid={testId ? `${testId}-more` : undefined}>
          and {more.toLocaleString('en-US')} more
        </li>
      )}
    </ul>
  );
}
