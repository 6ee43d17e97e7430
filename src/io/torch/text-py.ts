/**
 * The text parts of a text model's generated model.py (TrainedModel.tokenizer, io/tokenizer-json.ts):
 * the module-level helpers of text_helpers.py (load_tokenizer, encode, predict_text, reading
 * tokenizer.json beside model.py) and the Model methods encode(text) / predict_text(text) that call
 * them. Nothing for a model without a tokenizer, whose model.py stays as it was.
 */
import type { TokenizerDoc } from '../tokenizer-json';
import TEXT_HELPERS from './text_helpers.py?raw';

/** Module-level helpers (after the other helpers). */
export function textHelpers(tok: TokenizerDoc | null): string {
  return tok ? TEXT_HELPERS : '';
}

/** Methods of the Model class (4-space indented). */
export function textMethods(tok: TokenizerDoc | null): string {
  if (!tok) return '';
  const what = tok.output === 'next-char' ? "the next character's distribution after the text [vocab]" : 'the class probabilities [classes]';
  return `
    def encode(self, text, tokenizer=None):
        """A raw text as this model's input row [1, ...] (${tok.kind}; tokenizer.json beside model.py)."""
        return encode(text, tokenizer)

    def predict_text(self, text, tokenizer=None):
        """What the playground predicts for a typed text: ${what}."""
        return predict_text(self, text, tokenizer)
`;
}

/** A paragraph for the module docstring. */
export function textDoc(tok: TokenizerDoc | null): string {
  if (!tok) return '';
  return `\nText: encode(text) turns a raw string into the input row and predict_text(text) gives the
playground's prediction for it, with the tokenizer in tokenizer.json (${tok.kind}, ${tok.vocab.length} vocabulary entries).\n`;
}
