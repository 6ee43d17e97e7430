/**
 * The project's README as text: the default corpus of the character-level language model
 * (preset 10b). Imported with Vite's ?raw (the worker bundle, Vitest, and the CLI's raw loader).
 */
import readme from '../../../README.md?raw';

export const README_TEXT: string = readme;
