/**
 * The example models' tasks in plain words (a preset card's first line), for a newcomer choosing
 * one; the preset's description gives the layers. Every preset must have one (test/ui/plain-words).
 */

const BLURBS: Record<string, string> = {
  'mlp-100': 'Sorts clusters of 100 numbers into 10 classes',
  'mlp-1000': 'Names the topic of a text from its word counts',
  cnn: 'Classifies clothing photos',
  'cnn-2conv': 'Classifies clothing photos with a deeper network',
  'rnn-waves': 'Tells which kind of wave a noisy signal is',
  'lstm-topics': 'Reads a text word by word and names its topic',
  regression: 'Fits a plane through noisy points',
  'bow-text': 'Names the topic of a text from the words it uses',
  'lstm-sentiment': 'Tells whether a review is positive or negative',
  'transformer-sentiment': 'Tells whether a review is positive or negative, with attention',
  'transformer-topics': 'Names the topic of a text, with attention',
  'char-lm': 'Learns to write like this README, one character at a time',
  'spiral-mlp': 'Separates two interleaved spirals',
  'conv1d-text': 'Tells if a review is positive or negative from short word patterns',
  'cnn-bn': 'Classifies clothing photos, with batch normalization',
};

export function blurbOf(id: string): string {
  const b = BLURBS[id];
  if (!b) throw new Error(`preset "${id}" has no plain-words line in BLURBS`);
  return b;
}

