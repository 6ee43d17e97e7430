/**
 * The export-corner models of zoo.ts (DAG with Add, asymmetric 'same' pads, GRU, Bidirectional,
 * masking with padding anywhere, ...) exported and run in onnxruntime: predictions must match the
 * playground's within 1e-5 (1e-4 with convolutions). One Python process for all.
 */
import { exportOnnx } from '../../src/io/onnx/export-onnx';
import { describeZooInPython } from './zoo-python';

describeZooInPython('onnxruntime', exportOnnx, 'onnx', 'test/export/py/onnx_predict.py');
