/** The TransformerBlock palette entry as spec edits: wiring, ids, shapes, layout, one undo step. */
import { describe, it, expect } from 'vitest';
import { analyzeModel } from '../../src/engine/graph';
import { findPreset } from '../../src/presets/presets';
import { addTransformerBlock, blockLayout, completeResidual, findBlocks } from '../../src/ui/model/blocks';
import { editorReducer, initialEditor } from '../../src/ui/editor/editor-state';
import { presetCore } from '../../src/ui/playground/documents';
import { connect } from '../../src/ui/model/edit-spec';

const ROLES = ['attention', 'attention_add', 'attention_norm', 'ffn', 'ffn_out', 'ffn_add', 'ffn_norm'];

describe('TransformerBlock', () => {
  const preset = findPreset('transformer-sentiment')!;

  it('the presets hold two recognisable blocks', () => {
    expect(findBlocks(preset.spec).map((b) => b.prefix)).toEqual(['block1', 'block2']);
    expect(findBlocks(findPreset('transformer-topics')!.spec).length).toBe(2);
  });

  it('inserted after a [40, 64] layer: 7 layers wired with both residuals, the consumers rewired, the model still valid', () => {
    const r = addTransformerBlock(preset.spec, 'position_embedding');
    expect(r.ids).toEqual(ROLES.map((x) => `transformer_block_${x}`));
    const by = new Map(r.spec.layers.map((l) => [l.id, l]));
    expect(by.get('transformer_block_attention')!.inputs).toEqual(['position_embedding']);
    expect(by.get('transformer_block_attention_add')!.inputs).toEqual(['position_embedding', 'transformer_block_attention']);
    expect(by.get('transformer_block_ffn_add')!.inputs).toEqual(['transformer_block_attention_norm', 'transformer_block_ffn_out']);
    expect(by.get('transformer_block_ffn_out')).toMatchObject({ type: 'Dense', units: 64 });
    expect(by.get('transformer_block_attention')).toMatchObject({ numHeads: 4, keyDim: 16 });
    // The first preset block now reads the inserted block (both its attention and its residual).
    expect(by.get('block1_attention')!.inputs).toEqual(['transformer_block_ffn_norm']);
    expect(by.get('block1_attention_add')!.inputs).toEqual(['transformer_block_ffn_norm', 'block1_attention']);
    const a = analyzeModel(r.spec);
    expect(a.errors).toEqual([]);
    expect(a.shapes.get('transformer_block_ffn_norm')!.shape).toEqual([40, 64]);
    // A second one gets fresh ids.
    expect(addTransformerBlock(r.spec, 'transformer_block_ffn_norm').prefix).toBe('transformer_block_1');
  });

  it('the width follows the input: a [T, 24] sequence gets Dense(48) -> Dense(24) and heads of 8', () => {
    const spec = { ...preset.spec, layers: preset.spec.layers.map((l) => (l.id === 'embedding' ? { ...l, outputDim: 24 } : l)) };
    const r = addTransformerBlock(spec, 'position_embedding');
    const by = new Map(r.spec.layers.map((l) => [l.id, l]));
    expect(by.get('transformer_block_ffn')).toMatchObject({ units: 48 });
    expect(by.get('transformer_block_ffn_out')).toMatchObject({ units: 24 });
    expect(by.get('transformer_block_attention')).toMatchObject({ keyDim: 8 });
  });

  it('added unconnected, its first Add is completed by connecting into its attention layer', () => {
    const r = addTransformerBlock(preset.spec, null);
    expect(r.spec.layers.find((l) => l.id === 'transformer_block_attention_add')!.inputs).toEqual(['transformer_block_attention']);
    const wired = completeResidual(connect(r.spec, 'position_embedding', 'transformer_block_attention'), 'position_embedding', 'transformer_block_attention');
    expect(wired.layers.find((l) => l.id === 'transformer_block_attention_add')!.inputs).toEqual(['position_embedding', 'transformer_block_attention']);
    // Any other target is left alone.
    expect(completeResidual(r.spec, 'position_embedding', 'dense')).toBe(r.spec);
  });

  it('is one undo step, laid out with the residual path in one column', () => {
    let s = initialEditor(presetCore(preset));
    const before = s.present.spec.layers.length;
    s = editorReducer(s, { kind: 'add-block', block: 'TransformerBlock', after: 'position_embedding' });
    expect(s.present.spec.layers.length).toBe(before + 7);
    expect(s.selection).toEqual(['transformer_block_ffn_norm']);
    const xs = ['attention_add', 'attention_norm', 'ffn_add', 'ffn_norm'].map((r) => s.positions[`transformer_block_${r}`].x);
    expect(new Set(xs).size).toBe(1);
    expect(s.positions.transformer_block_attention.x).toBeGreaterThan(xs[0]);
    s = editorReducer(s, { kind: 'undo' });
    expect(s.present.spec.layers.length).toBe(before);
    expect(s.present.spec.layers.some((l) => l.id.startsWith('transformer_block'))).toBe(false);
    expect(blockLayout(['a', 'b'], { x: 10, y: 20 })).toEqual({ a: { x: 130, y: 20 }, b: { x: 10, y: 130 } });
  });
});
