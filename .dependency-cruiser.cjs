/**
 * The import direction of src/, enforced (`npm run lint:deps`, a step of `npm test`, and
 * test/architecture/layering.test.ts). DESIGN.md section 2:
 *   ui -> worker client -> protocol <- worker -> engine -> gpu;   engine -> data;   no folder cycles.
 * Top-level folders, lowest first: kernels < gpu, data < engine < io, presets < worker < ui; cli beside
 * worker (headless). Each rule below forbids one back edge, so the top-level graph is a DAG; the
 * cycle rules catch module cycles and cycles between sub-folders.
 * The UI may import the spec's types, validation and layer metadata, never what touches a device:
 * src/gpu and the engine/io modules that create GPU buffers or pipelines (DEVICE_MODULES).
 * Known debt is allowed by name in a rule's `pathNot`, with a comment, so new violations still fail.
 */
'use strict';

/** Modules that create or drive GPU resources (buffers, pipelines, command encoders). */
const DEVICE_MODULES = [
  '^src/gpu/',
  '^src/engine/(compile|trainer|gpu-dataset|metrics-reader|attention-maps|single-input)[.]ts$',
  '^src/io/int8/dequantize-gpu[.]ts$',
];

const folder = (names) => `^src/(${names.join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No module cycles in src/ at run time. A cycle closed only by a type-only import is erased by ' +
        'the compiler and left alone (known: io/torch/bundle <-> bundle-readme, io/tfjs/export-tfjs <-> ' +
        'tfjs-preprocessing, io/keras/keras-config <-> keras-preprocessing, data/uploads/types <-> char-text).',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-folder-cycles',
      severity: 'error',
      comment:
        'No cycles between the top-level folders of src/ (src/data <-> src/engine was one, through ' +
        'src/data/uploads). Sub-folders are not held to it: known sub-folder cycles are ' +
        'src/engine/layers <-> src/engine/reference and src/ui/model <-> src/ui/project (type-only).',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { circular: true },
    },
    {
      name: 'kernels-are-the-bottom',
      severity: 'error',
      comment:
        'src/kernels holds the WGSL, the kernel registry and the typed launchers (over a minimal dispatch ' +
        'interface): it imports nothing else from src/.',
      from: { path: folder(['kernels']) },
      to: { path: '^src/', pathNot: folder(['kernels']) },
    },
    {
      name: 'gpu-is-the-bottom',
      severity: 'error',
      comment: 'src/gpu is the WebGPU runtime: it imports nothing above it (only src/kernels, the registry and its types, is below it).',
      from: { path: folder(['gpu']) },
      to: { path: folder(['engine', 'data', 'io', 'presets', 'worker', 'ui', 'cli']) },
    },
    {
      name: 'data-knows-no-model',
      severity: 'error',
      comment: 'src/data parses and batches datasets; what a model needs from them lives in src/engine or src/worker.',
      from: { path: folder(['data']) },
      to: { path: folder(['engine', 'gpu', 'io', 'presets', 'worker', 'ui', 'cli']) },
    },
    {
      name: 'engine-below-io-worker-ui',
      severity: 'error',
      comment: 'src/engine is pure TypeScript over a device it is given: no UI, worker, export formats, CLI, presets or upload formats.',
      from: { path: folder(['engine']) },
      to: { path: [folder(['ui', 'worker', 'io', 'cli', 'presets']), '^src/data/uploads/'] },
    },
    {
      name: 'io-below-worker-ui',
      severity: 'error',
      comment: 'src/io export/import formats are tables over the engine: no UI, worker, CLI or presets.',
      from: { path: folder(['io']) },
      to: { path: folder(['ui', 'worker', 'cli', 'presets']) },
    },
    {
      name: 'presets-are-plain-specs',
      severity: 'error',
      comment: 'src/presets are model specs and settings: spec types and data only.',
      from: { path: folder(['presets']) },
      to: { path: folder(['gpu', 'io', 'worker', 'ui', 'cli']) },
    },
    {
      name: 'worker-below-ui',
      severity: 'error',
      comment: 'The worker answers protocol messages; it never imports the UI or the CLI.',
      from: { path: folder(['worker']) },
      to: { path: folder(['ui', 'cli']) },
    },
    {
      name: 'ui-talks-to-worker-by-protocol',
      severity: 'error',
      comment: 'The UI reaches the worker only through client.ts and protocol.ts.',
      from: { path: folder(['ui']) },
      to: { path: folder(['worker']), pathNot: '^src/worker/(client|protocol)[.]ts$' },
    },
    {
      name: 'ui-touches-no-device',
      severity: 'error',
      comment: 'The UI may import spec types, validation and layer metadata, never code that touches a device (types are erased, so type-only imports are fine).',
      from: { path: folder(['ui']) },
      to: { path: DEVICE_MODULES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'cli-is-headless',
      severity: 'error',
      comment: 'The CLI runs the engine under Node: no React UI, no browser worker.',
      from: { path: folder(['cli']) },
      to: { path: folder(['ui', 'worker']) },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'src/cli holds entry points; shared code lives below it.',
      from: { path: '^src/', pathNot: folder(['cli']) },
      to: { path: folder(['cli']) },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|reports)/' },
    // Type-only imports count too (they are part of the layering); rules that care about the
    // runtime bundle say dependencyTypesNot: ['type-only'].
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
