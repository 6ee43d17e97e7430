import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { asSentence } from '../../src/ui/format';
import { InlineCode } from '../../src/ui/components/InlineCode';
import { PRESETS } from '../../src/presets/presets';

describe('plain words for newcomers', () => {
  it('ends an error message with a full stop exactly once', () => {
    expect(asSentence('header length 12 bytes exceeds the 100-byte limit')).toBe('header length 12 bytes exceeds the 100-byte limit.');
    expect(asSentence('Already a sentence.')).toBe('Already a sentence.');
    expect(asSentence('Is it "quoted."')).toBe('Is it "quoted."');
    expect(asSentence('  Why?  ')).toBe('Why?');
  });

  it('shows `backtick` spans of a description as code, never raw backticks', () => {
    expect(renderToStaticMarkup(createElement(InlineCode, { text: '`noise` sets the pixel noise; `n` keeps rows.' }))).toBe('<code>noise</code> sets the pixel noise; <code>n</code> keeps rows.');
    expect(renderToStaticMarkup(createElement(InlineCode, { text: 'an odd ` stays' }))).toBe('an odd ` stays');
  });

  it('gives every example a short plain-words line besides its layer notation', () => {
    for (const p of PRESETS) {
      expect(p.blurb.length, p.id).toBeGreaterThan(10);
      expect(p.blurb.length, p.id).toBeLessThan(70);
      expect(p.blurb, p.id).not.toMatch(/Dense|Conv|LSTM\(|->/);
    }
  });
});
