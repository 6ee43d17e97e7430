/**
 * Class weights from untrusted places and the editor: a project file or share link whose
 * lossOptions.classWeights is not a list of positive numbers is refused with the reason; weights of
 * the wrong count open (the editor shows the graph's error by the field) and are reported against
 * the model's class count; good weights persist through the project file; the field's parser; a
 * switch to a loss without weights drops them.
 */
import { describe, expect, it } from 'vitest';
import { parseClassWeights } from '../../src/engine/class-weights';
import { analyzeModel } from '../../src/engine/graph';
import { DEFAULT_PRESET, newDoc, presetCore } from '../../src/ui/playground/documents';
import { setLoss } from '../../src/ui/model/edit-spec';
import { parseProjectFile, projectFileText } from '../../src/ui/project/file';
import { readShareHash, shareUrl } from '../../src/ui/project/share';

/* eslint-disable @typescript-eslint/no-explicit-any */
const doc = () => newDoc(presetCore(DEFAULT_PRESET), 'Spiral', DEFAULT_PRESET.id);
const classes = (): number => analyzeModel(doc().spec).shapes.get(doc().spec.output)!.shape.at(-1)!;
const withWeights = (w: unknown) => {
  const data = JSON.parse(projectFileText(doc(), null));
  data.project.spec.lossOptions = { classWeights: w };
  return parseProjectFile(JSON.stringify(data));
};

describe('class weights in projects, share links and the editor', () => {
  it('a project file refuses weights that are not a list of positive numbers, with the reason', () => {
    const refusal = (w: unknown) => {
      const r = withWeights(w);
      if (r.ok) throw new Error('expected a refusal');
      return r.error;
    };
    expect(refusal([1, 0, 2])).toBe('The project in this file is invalid: class weight 2 must be a positive number, got 0.');
    expect(refusal([1, '2'])).toBe('The project in this file is invalid: class weight 2 must be a positive number, got "2".');
    expect(refusal([])).toBe('The project in this file is invalid: class weights must be a list of 1 to 65536 positive numbers, got [].');
    expect(refusal('1, 2')).toBe('The project in this file is invalid: class weights must be a list of 1 to 65536 positive numbers, got "1, 2".');
  });

  it('good weights persist through the file; the wrong count opens and is reported against the class count', () => {
    const C = classes();
    expect(C).toBeGreaterThan(1);
    const good = Array.from({ length: C }, (_, i) => 1 + i / 2);
    const r = withWeights(good);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.doc.spec.lossOptions).toEqual({ classWeights: good });
    const again = parseProjectFile(projectFileText({ id: 'reopened', ...r.value.doc }, null));
    if (!again.ok) throw new Error(again.error);
    expect(again.value.doc.spec.lossOptions).toEqual({ classWeights: good });
    expect(analyzeModel(r.value.doc.spec).errors).toEqual([]);
    const short = withWeights([1, 2, 3, 4, 5, 6, 7].slice(0, C - 1));
    if (!short.ok) throw new Error(short.error);
    expect(analyzeModel(short.value.doc.spec).errors).toEqual([{ layer: null, field: 'lossOptions', message: `${C - 1} class weight${C - 1 === 1 ? '' : 's'} for ${C} classes: give one per class` }]);
  });

  it('a share link with bad weights holds no usable model', () => {
    const core = presetCore(DEFAULT_PRESET);
    const bad = { ...core, spec: { ...core.spec, lossOptions: { classWeights: [1, -2] } } };
    const url = shareUrl(bad as any, 'bad', 'https://example.test/');
    expect(readShareHash(new URL(url).hash)).toEqual({ error: 'The share link holds no usable model: class weight 2 must be a positive number, got -2.' });
  });

  it("the field's parser reads commas and spaces and names the bad entry", () => {
    expect(parseClassWeights('1, 1, 2.5')).toEqual([1, 1, 2.5]);
    expect(parseClassWeights(' 0.5 2e0,3 ')).toEqual([0.5, 2, 3]);
    expect(parseClassWeights('1, -1')).toEqual({ error: 'class weight 2 must be a positive number, got "-1"' });
    expect(parseClassWeights('1, abc')).toEqual({ error: 'class weight 2 must be a positive number, got "abc"' });
    expect(parseClassWeights('1, Infinity')).toEqual({ error: 'class weight 2 must be a positive number, got "Infinity"' });
  });

  it('switching to a loss without class weights drops them; another cross-entropy keeps them', () => {
    const spec = { ...doc().spec, lossOptions: { classWeights: [1, 2, 3], labelSmoothing: 0.1 } };
    expect(setLoss(spec, 'mse').lossOptions).toEqual({ labelSmoothing: 0.1 });
    expect(setLoss(spec, 'categorical_crossentropy').lossOptions).toEqual(spec.lossOptions);
    const only = { ...doc().spec, lossOptions: { classWeights: [1, 2] } };
    expect(setLoss(only, 'huber').lossOptions).toBeUndefined();
  });
});
