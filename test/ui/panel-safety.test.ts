/**
 * The page's guards against outside input, rendered to HTML without a browser: the problem list
 * of a refused import stays at 20 items however long the list, and a panel's error boundary shows
 * the error with its two ways out.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from '../../src/ui/components/ErrorBoundary';
import { ProblemList } from '../../src/ui/components/ProblemList';
import { ImportControl } from '../../src/ui/components/io/ImportControl';

describe('ProblemList', () => {
  it('shows the first 20 of 200,000 problems and how many more there are (199,980)', () => {
    const problems = Array.from({ length: 200_000 }, (_, i) => `tensor ${i} has the wrong shape`);
    const html = renderToStaticMarkup(createElement(ProblemList, { problems, testId: 'import-problems' }));
    expect(html.match(/<li/g)?.length).toBe(21);
    expect(html).toContain('<li>tensor 19 has the wrong shape</li>');
    expect(html).not.toContain('tensor 20 has');
    expect(html).toContain('>and 199,980 more</li>');
  });

  it('keeps a refused weights import to 20 problems in the import panel', () => {
    const problems = Array.from({ length: 200_000 }, (_, i) => `tensor ${i} is missing`);
    const job = { id: 1, files: ['evil.safetensors'], phase: 'failed' as const, report: null, message: 'The file belongs to another model.', problems };
    const html = renderToStaticMarkup(createElement(ImportControl, { job, blocked: null, onImport: () => {} }));
    expect(html.match(/<li/g)?.length).toBe(21);
    expect(html).toContain('data-testid="import-problems-more">and 199,980 more</li>');
  });

  it('lists a short list whole, with no "more" line', () => {
    const html = renderToStaticMarkup(createElement(ProblemList, { problems: ['a', 'b'] }));
    expect(html).toBe('<ul><li>a</li><li>b</li></ul>');
  });
});

describe('ErrorBoundary', () => {
  it('turns a thrown error into a panel alert with reset and blank-project buttons', () => {
    expect(ErrorBoundary.getDerivedStateFromError(new TypeError('matrix.map is not a function'))).toEqual({ error: new TypeError('matrix.map is not a function') });
    const b = new ErrorBoundary({ name: 'evaluation', label: 'The evaluation panel', onBlankProject: () => {}, children: null });
    b.state = { error: new TypeError('matrix.map is not a function'), mount: 0 };
    const html = renderToStaticMarkup(b.render());
    expect(html).toContain('role="alert" data-testid="panel-error-evaluation"');
    expect(html).toContain('<strong>The evaluation panel stopped working.</strong> matrix.map is not a function');
    expect(html).toContain('data-testid="panel-reset-evaluation">Reset this panel</button>');
    expect(html).toContain('data-testid="panel-blank-evaluation">Open a blank project</button>');
  });

  it('renders its children untouched while nothing failed', () => {
    const html = renderToStaticMarkup(createElement(ErrorBoundary, { name: 'x', label: 'X', onBlankProject: () => {}, children: createElement('p', null, 'fine') }));
    expect(html).toBe('<p>fine</p>');
  });
});
