/**
 * Text models exported with their tokenizer, fed raw strings outside the playground: after a short
 * seeded training run, the generated model.py's encode(text) gives exactly the playground's input
 * row (encode-text.ts; the generation window for char-lm) and predict_text(text) the playground's
 * prediction for the typed text (Trainer.predictOne on that row, what the worker's predict-text and
 * the text generator read) within 1e-5; ONNX Runtime, fed by an encoder that reads only the
 * tokenizer in model.onnx's metadata_props, gives the same probabilities and the class names, and so
 * does Keras loading the .keras archive (its tokenizer.json and metadata.json's class names read
 * with zipfile); TensorFlow.js (tf.loadLayersModel) likewise from its userDefinedMetadata.
 */
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../src/engine/trainer';
import { loadDataset } from '../../src/data/registry';
import { takeRows } from '../../src/data/split';
import { encodeText } from '../../src/data/text/encode-text';
import { CharVocabulary } from '../../src/data/text/char-corpus';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { exportKeras } from '../../src/io/keras/export-keras';
import { datasetLabels } from '../../src/io/model-labels';
import { TOKENIZER_FILE } from '../../src/io/tokenizer-json';
import { gpu } from '../helpers/gpu';
import { runPython } from '../helpers/python';
import { maxAbsDiff } from '../helpers/max-abs-diff';
import { trainPreset } from '../helpers/trained-preset';
import { writeFiles } from './pytorch-harness';
import { exportTfjs } from '../../src/io/tfjs/export-tfjs';
import { parseTokenizer } from '../../src/io/tokenizer-json';
import { encodeWith } from '../helpers/tokenizer-encode';
import { loadTfjs, predictTfjs } from './tfjs-load';

const WORDS = [
  'This movie was wonderful, I loved it!',
  "Terrible. Boring, and I didn't like the ending…",
  'The café’s Ünïcode menu: 42 dishes',
  'great '.repeat(80),
];
/** Topic words of the synthetic topics corpus (its vocabulary), mixed case and punctuated. */
const TOPICS = ['Fulai bistain, SHOUTROS zabeplo!', 'tepe pigak brailer naploun — naidikir', "Fibougrok plakugou's bovesto laipli zikimi?", 'unknown words only'];
const CHARS = ['Train a network', 'e', 'The playground trains neural networks in the browser on WebGPU, and exports them 🙂'];

interface PyOut {
  torch?: { rows: number[][]; probs: number[][]; empty: string };
  onnx?: { rows: number[][]; probs: number[][]; class_names: string[] };
  keras?: { rows: number[][]; probs: number[][]; class_names: string[] };
}

/** The playground's rows and predictions for raw texts: encode-text.ts (or the generation window) and Trainer.predictOne. */
async function playground(presetId: string, texts: string[]) {
  const t = await trainPreset(presetId, { steps: 3, probe: 8 });
  const splits = await loadDataset(t.preset.dataset, { seed: 1 });
  const { device, pipelines } = await gpu();
  const train = takeRows(splits.train, Uint32Array.from({ length: t.preset.train.batchSize }, (_, i) => i));
  const trainer = await Trainer.create(device, pipelines, t.preset.spec, { train }, { ...t.preset.train, seed: 1 });
  const rows: number[][] = [];
  const probs: number[][] = [];
  try {
    trainer.writeParams(t.model.params);
    const V = trainer.model.lossPlan.classes;
    for (const text of texts) {
      let row: Int32Array | Float32Array;
      let at = 0;
      if (splits.train.textEncoding) {
        const enc = encodeText(splits.test, text);
        if (typeof enc === 'string') throw new Error(enc);
        row = enc.x;
      } else {
        // generate-text.ts: the last T characters at the window's start, id 0 after them, read at the last one.
        const T = t.preset.spec.layers.find((l) => l.type === 'Input')!.shape[0];
        const ids = Array.from(CharVocabulary.fromTable(splits.train.classNames!).encode(text)).slice(-T);
        row = new Int32Array(T);
        row.set(ids);
        at = ids.length - 1;
      }
      const out = await trainer.predictOne(row);
      rows.push(Array.from(row));
      probs.push(Array.from(out.subarray(at * V, at * V + V)));
    }
  } finally {
    trainer.destroy();
  }
  const model = { ...t.model, ...datasetLabels(splits.train, t.preset.spec) };
  return { model, rows, probs, classNames: splits.train.classNames };
}

const CASES: [string, string[]][] = [
  ['lstm-sentiment', WORDS],
  ['transformer-sentiment', WORDS],
  ['bow-text', TOPICS],
  ['char-lm', CHARS],
];

describe('text models exported with their tokenizer predict raw strings like the playground', () => {
  for (const [id, texts] of CASES) {
    it(`${id}: model.py encode() rows equal, predict_text() within 1e-5${id === 'lstm-sentiment' ? '; TF.js, ONNX Runtime and Keras too' : id === 'char-lm' ? '; ONNX Runtime too' : '; TF.js too'}`, async () => {
      const p = await playground(id, texts);
      expect(p.model.tokenizer).not.toBeNull();
      const torchFiles = await exportSafetensors(p.model);
      expect(torchFiles.map((f) => f.name)).toEqual(['weights.safetensors', 'model.py', TOKENIZER_FILE]);
      const torchDir = writeFiles(torchFiles);
      const onnx = id === 'lstm-sentiment' || id === 'char-lm' ? writeFiles(exportOnnx(p.model)) : null;
      const keras = id === 'lstm-sentiment' ? writeFiles(await exportKeras(p.model)) : null;
      const r = runPython<PyOut>('test/export/py/text_predict.py', { torch: { dir: torchDir, texts }, onnx: onnx ? { path: `${onnx}/model.onnx`, texts } : null, keras: keras ? { path: `${keras}/model.keras`, texts } : null });
      const bow = p.model.tokenizer!.kind === 'bag-of-words';
      // Rows: token ids exactly; bag-of-words float32 values exactly (printed as float64 by Python).
      expect(r.torch!.rows).toEqual(p.rows.map((row) => (bow ? Array.from(Float32Array.from(row), Number) : row)));
      const diff = maxAbsDiff(Float64Array.from(r.torch!.probs.flat()), Float64Array.from(p.probs.flat()));
      console.log(`[text-export] ${id}: model.py predict_text max abs difference ${diff.toExponential(2)} over ${texts.length} texts x ${p.probs[0].length} outputs`);
      expect(r.torch!.probs.map((x) => x.length)).toEqual(p.probs.map((x) => x.length));
      expect(diff).toBeLessThan(1e-5);
      expect(r.torch!.empty).toMatch(/no words \(or characters\)/);
      // The texts reach the model as different rows with known tokens, and it answers them differently.
      expect(p.rows.flat().filter((v) => (bow ? v > 0 : v > 1)).length).toBeGreaterThan(3);
      const spread = Math.max(...p.probs.slice(1).map((q) => maxAbsDiff(q, p.probs[0])));
      expect(spread).toBeGreaterThan(1e-4);
      if (id !== 'char-lm') {
        // TF.js: the page reads the tokenizer from the loaded model's userDefinedMetadata and encodes in JavaScript.
        const tfModel = await loadTfjs(exportTfjs(p.model));
        const meta = tfModel.getUserDefinedMetadata() as { tokenizer: unknown; class_names: string[] };
        const tok = parseTokenizer(meta.tokenizer);
        expect(meta.class_names).toEqual(p.classNames);
        const rows = texts.map((t) => encodeWith(tok, t));
        expect(rows).toEqual(p.rows.map((row) => Array.from(bow ? Float32Array.from(row) : Int32Array.from(row), Number)));
        const width = rows[0].length;
        const x = bow ? Float32Array.from(rows.flat()) : Int32Array.from(rows.flat());
        const y = predictTfjs(tfModel, { n: texts.length, inputShape: [width], inputDtype: bow ? 'float32' : 'int32', x } as never);
        const d = maxAbsDiff(y, Float64Array.from(p.probs.flat()));
        console.log(`[text-export] ${id}: TF.js from userDefinedMetadata max abs difference ${d.toExponential(2)}`);
        expect(d).toBeLessThan(1e-5);
        tfModel.dispose();
      }
      for (const [what, got] of [['ONNX Runtime from metadata_props', r.onnx], ['Keras from the .keras archive', r.keras]] as const) {
        if (!got) continue;
        expect(got.rows).toEqual(p.rows);
        const d = maxAbsDiff(Float64Array.from(got.probs.flat()), Float64Array.from(p.probs.flat()));
        console.log(`[text-export] ${id}: ${what} max abs difference ${d.toExponential(2)}`);
        expect(d).toBeLessThan(1e-5);
        expect(got.class_names).toEqual(p.classNames);
      }
    }, 600_000);
  }
});
